package dev.serverlesscd.functions.webhook;

import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.RepositoryConfig;
import dev.serverlesscd.functions.config.Route;
import dev.serverlesscd.functions.config.Schedule;
import dev.serverlesscd.functions.plan.StagePlanner;
import dev.serverlesscd.functions.run.BranchRuns;
import dev.serverlesscd.functions.run.Contributor;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.run.RunStore;
import dev.serverlesscd.functions.run.Trigger;
import dev.serverlesscd.functions.workflow.ExecutionNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs that no GitHub delivery started: a manual run ({@code POST /runs}, {@code pipeline run}) and a schedule's
 * run. Each is routed as a push of its ref would be ({@link PipelineConfig#routeRef}), recorded and started through
 * the webhook's {@link RunLauncher} as a {@link LaunchRequest#requested} (exactly once per idempotency key or per
 * schedule and fire time; a manual run of a branch supersedes and is superseded as a push is), and answered as the
 * webhook answers.
 *
 * <p>The commit: a manual request may name one (an older commit too: the stale rule is for replayed deliveries, a
 * request is deliberate); otherwise, as for a schedule, it is the ref's head as the webhook last received it
 * ({@link BranchRuns#head}), and a ref no push was ever delivered for is refused. The clone URL and default branch
 * come from that head's run, else GitHub's usual clone URL of the repository.
 */
public final class RequestedRuns {
    private static final Logger LOG = LoggerFactory.getLogger(RequestedRuns.class);
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9-]{1,48}");
    private static final DateTimeFormatter FIRE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * A manual run as asked for; every field but {@code repository} and {@code ref} may be null.
     *
     * @param ref            {@code NAME} or {@code refs/heads/NAME} (a branch), {@code refs/tags/NAME} (a tag)
     * @param commit         the full sha to run (default: the ref's head as last delivered)
     * @param tier           the tier whose thresholds judge it (default: the ref's rule's)
     * @param requestedBy    who asks (the IAM principal on AWS, the user locally): the run's author, who cannot
     *                       approve it
     * @param idempotencyKey the same key is the same run (a retried request answers 200 with it); default: a new one
     */
    public record ManualRequest(String repository, String ref, String commit, String tier, String requestedBy,
                                String idempotencyKey) {
    }

    private final PipelineConfig config;
    private final RunLauncher launcher;
    private final RunStore runs;
    private final BranchRuns branchRuns;
    private final Clock clock;

    public RequestedRuns(PipelineConfig config, RunLauncher launcher, RunStore runs, BranchRuns branchRuns, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.branchRuns = Objects.requireNonNull(branchRuns, "branchRuns");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A manual run: 202 started, 200 the same key's run, 400 naming what is wrong with the request. */
    public WebhookAnswer manual(ManualRequest request) {
        try {
            WebhookAnswer answer = startManual(request);
            LOG.info("manual run of {} {} by {}: {} {}", request.repository(), request.ref(), request.requestedBy(),
                    answer.status(), answer.messageText());
            return answer;
        } catch (InvalidDeliveryException invalid) {
            return WebhookAnswer.message(400, invalid.getMessage());
        } catch (RuntimeException failed) {
            LOG.error("manual run of {} could not be recorded", request.repository(), failed);
            return WebhookAnswer.message(503, "could not record the run, nothing was started; ask again with the same "
                    + "idempotency key: " + failed.getClass().getSimpleName()).withHeader("Retry-After", "5");
        }
    }

    /** The request to launch {@code run}, its stages its repository's, planned for what the run is (its trigger). */
    private static LaunchRequest requested(RepositoryConfig repository, Run run) {
        return LaunchRequest.requested(run, new StagePlanner().plan(repository.stages(), run));
    }

    /**
     * The run of {@code schedule} of {@code repository} due at {@code fireTime}: exactly once per schedule and fire
     * time (the minute), however often it is fired. 400 for a schedule the configuration does not have, 409 when no
     * commit of its ref was ever delivered (nothing to run yet).
     */
    public WebhookAnswer scheduled(String repository, String schedule, Instant fireTime) {
        try {
            WebhookAnswer answer = startScheduled(repository, schedule, fireTime);
            LOG.info("schedule {} of {} at {}: {} {}", schedule, repository, fireTime, answer.status(),
                    answer.messageText());
            return answer;
        } catch (InvalidDeliveryException invalid) {
            return WebhookAnswer.message(400, invalid.getMessage());
        }
    }

    private WebhookAnswer startManual(ManualRequest request) {
        RepositoryConfig repository = repository(request.repository());
        String ref = fullRef(request.ref());
        Route route = config.routeRef(repository.name(), ref).orElseThrow(() -> new InvalidDeliveryException(
                kind(ref) + " " + shortName(ref) + " matches no " + (isTag(ref) ? "tags" : "branches") + " rule of "
                        + repository.name() + ": nothing runs it"));
        String tier = request.tier();
        if (tier != null && !config.tiers().containsKey(tier)) {
            throw new InvalidDeliveryException("unknown tier '" + tier + "'; known: "
                    + String.join(", ", config.tiers().keySet()));
        }
        String key = request.idempotencyKey() == null || request.idempotencyKey().isBlank()
                ? UUID.randomUUID().toString() : request.idempotencyKey().trim();
        if (!KEY.matcher(key).matches()) {
            throw new InvalidDeliveryException("idempotency key '" + RefNames.printable(key) + "' must be 1 to 48 "
                    + "letters, digits or '-'");
        }
        String commit = request.commit() == null || request.commit().isBlank() ? null
                : request.commit().trim().toLowerCase(Locale.ROOT);
        if (commit != null && !SHA.matcher(commit).matches()) {
            throw new InvalidDeliveryException("commit '" + RefNames.printable(commit) + "' is not a full commit sha "
                    + "(40 hexadecimal digits)");
        }
        Optional<Run> head = headRun(repository.name(), ref);
        if (commit == null) {
            commit = head.map(Run::commit).orElseThrow(() -> new InvalidDeliveryException("no commit of " + ref
                    + " is known: no push of it was delivered yet; name the commit to run"));
        }
        String requestedBy = request.requestedBy() == null || request.requestedBy().isBlank() ? "unknown"
                : request.requestedBy();
        Route routed = new Route(route.repository(), tier != null ? tier : route.tier(), route.environments());
        Run run = newRun("manual-" + key, routed, ref, commit, head, Trigger.MANUAL, requestedBy,
                List.of(new Contributor(requestedBy, null, "requested the manual run")))
                .withTrigger(Trigger.manual(requestedBy));
        return WebhookService.answer(launcher.launch(requested(repository, run)),
                "a manual run of " + shortName(ref));
    }

    private WebhookAnswer startScheduled(String repositoryName, String scheduleName, Instant fireTime) {
        RepositoryConfig repository = repository(repositoryName);
        Schedule schedule = repository.triggers().schedule(scheduleName).orElseThrow(() ->
                new InvalidDeliveryException("unknown schedule '" + RefNames.printable(String.valueOf(scheduleName))
                        + "' of " + repository.name() + "; configured: " + (repository.triggers().schedules().isEmpty()
                        ? "none" : String.join(", ", repository.triggers().schedules().stream().map(Schedule::name).toList()))));
        if (fireTime == null) {
            throw new InvalidDeliveryException("a scheduled run needs its fire time");
        }
        Route route = config.routeRef(repository.name(), schedule.ref()).orElseThrow(() -> new InvalidDeliveryException(
                "schedule " + schedule.name() + ": " + schedule.ref() + " matches no rule"));
        Route routed = new Route(route.repository(), schedule.tier() != null ? schedule.tier() : route.tier(),
                schedule.deploy() ? route.environments() : List.of());
        Optional<Run> head = headRun(repository.name(), schedule.ref());
        if (head.isEmpty()) {
            return WebhookAnswer.message(409, "schedule " + schedule.name() + " of " + repository.name()
                    + " ran nothing at " + fireTime + ": no push of " + schedule.ref() + " was delivered yet");
        }
        Run run = newRun(scheduleDeliveryId(repository.name(), schedule.name(), fireTime), routed, schedule.ref(),
                head.get().commit(), head, Trigger.SCHEDULE, "schedule " + schedule.name(), List.of())
                .withTrigger(Trigger.schedule(schedule.name()));
        return WebhookService.answer(launcher.launch(requested(repository, run)),
                "schedule " + schedule.name() + " at "
                + fireTime.truncatedTo(ChronoUnit.MINUTES));
    }

    /**
     * The delivery id of a schedule's fire time: one per repository, schedule and minute, whoever fires it
     * (EventBridge Scheduler's retries, two local schedulers).
     */
    public static String scheduleDeliveryId(String repository, String schedule, Instant fireTime) {
        String id = "sched-" + schedule + "-" + FIRE_TIME.format(fireTime) + "-" + shortHash(repository.toLowerCase(Locale.ROOT));
        if (!ExecutionNames.isValidDeliveryId(id)) {
            throw new IllegalArgumentException("schedule name '" + schedule + "' does not make a delivery id: " + id);
        }
        return id;
    }

    private RepositoryConfig repository(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidDeliveryException("repository is required (owner/name)");
        }
        return config.repository(name).orElseThrow(() -> new InvalidDeliveryException("unknown repository '"
                + RefNames.printable(name) + "'; configured: " + String.join(", ", config.repositories().keySet())));
    }

    /** {@code NAME} is a branch; a git-invalid name is refused naming git's rule. */
    private static String fullRef(String ref) {
        if (ref == null || ref.isBlank()) {
            throw new InvalidDeliveryException("ref is required: a branch (NAME, refs/heads/NAME) or a tag (refs/tags/NAME)");
        }
        String full = ref.startsWith("refs/") ? ref : "refs/heads/" + ref;
        if (!full.startsWith("refs/heads/") && !full.startsWith("refs/tags/")) {
            throw new InvalidDeliveryException("ref '" + RefNames.printable(ref) + "' is not a branch (refs/heads/NAME)"
                    + " or a tag (refs/tags/NAME)");
        }
        RefNames.problem(full).ifPresent(problem -> {
            throw new InvalidDeliveryException("ref '" + RefNames.printable(ref) + "' is not a valid git ref name: "
                    + problem);
        });
        return full;
    }

    private Optional<Run> headRun(String repository, String ref) {
        return branchRuns.head(repository, ref)
                .filter(head -> !GitHubEventParser.isZero(head.commit()))
                .map(head -> runs.find(head.runId()).orElse(headOnly(repository, ref, head)));
    }

    /** A head whose run is gone (past retention): its commit, and nothing else known. */
    private static Run headOnly(String repository, String ref, BranchRuns.Head head) {
        return new Run(head.runId(), null, repository, null, null, ref, null, null, null, head.commit(), null, null,
                null, false, List.of(), RunStatus.RECEIVED, null, null, null, null, null, null);
    }

    private Run newRun(String deliveryId, Route route, String ref, String commit, Optional<Run> head, String event,
                       String author, List<Contributor> contributors) {
        Instant now = clock.instant();
        boolean tag = isTag(ref);
        String name = shortName(ref);
        Optional<Run> sameCommit = head.filter(h -> commit.equals(h.commit()));
        String cloneUrl = head.map(Run::cloneUrl).filter(Objects::nonNull)
                .orElse("https://github.com/" + route.repository() + ".git");
        String version = tag ? WebhookService.safe(name) : WebhookService.safe(name) + "-" + commit.substring(0, 7);
        return new Run(ExecutionNames.runId(deliveryId), deliveryId, route.repository(), cloneUrl, event, ref,
                tag ? null : name, head.map(Run::defaultBranch).orElse(null), tag ? name : null, commit,
                sameCommit.map(Run::baseCommit).orElse(null), author, contributors, version, route.tier(),
                route.deploy(), route.environments(), RunStatus.RECEIVED, null, now, now, null, null, null);
    }

    private static boolean isTag(String ref) {
        return ref.startsWith("refs/tags/");
    }

    private static String kind(String ref) {
        return isTag(ref) ? "tag" : "branch";
    }

    private static String shortName(String ref) {
        return ref.substring(isTag(ref) ? "refs/tags/".length() : "refs/heads/".length());
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
