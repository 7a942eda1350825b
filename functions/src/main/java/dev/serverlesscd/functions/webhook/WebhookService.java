package dev.serverlesscd.functions.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.FormEncoding;
import dev.serverlesscd.functions.lambda.WebhookHandler;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.DeclaredStages;
import dev.serverlesscd.functions.config.PullRequestFilter;
import dev.serverlesscd.functions.config.RepositoryConfig;
import dev.serverlesscd.functions.config.Route;
import dev.serverlesscd.functions.plan.Plan;
import dev.serverlesscd.functions.plan.StagePlanner;
import dev.serverlesscd.functions.run.BranchRuns;
import dev.serverlesscd.functions.run.Contributor;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.run.Trigger;
import dev.serverlesscd.functions.workflow.ExecutionNames;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook, independent of how it is served: API Gateway's HTTP API (payload format 2.0) through
 * {@link WebhookHandler}, or the local runtime's {@code POST /webhook} calling {@link #handle} with the same event.
 *
 * <p>In order: size (413), signature over the raw bytes (401), required headers (400), the body GitHub sends
 * (JSON or form-encoded {@code payload}; 400/415), the event ({@code ping} answered 200, others ignored 202), the
 * repository and ref against the pipeline configuration (ignored 202 when not configured), then the run is
 * recorded and started exactly once ({@link RunLauncher}): 202 with the run, 200 for a redelivery of a started run,
 * 5xx only when it could not be recorded or started.
 */
public final class WebhookService {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookService.class);
    private static final Pattern EVENT_NAME = Pattern.compile("[a-z_]{1,64}");

    private final WebhookSecret secret;
    private final PipelineConfig config;
    private final RunLauncher launcher;
    private final StagePlanner planner = new StagePlanner();
    private final Clock clock;
    private final long maxBodyBytes;

    public WebhookService(WebhookSecret secret, PipelineConfig config, RunLauncher launcher, Clock clock, long maxBodyBytes) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.config = Objects.requireNonNull(config, "config");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxBodyBytes = maxBodyBytes;
    }

    public WebhookAnswer accept(WebhookRequest request) {
        String deliveryForLog = request.header("X-GitHub-Delivery");
        try {
            WebhookAnswer answer = decide(request);
            LOG.info("delivery {} event {}: {} {}", deliveryForLog, request.header("X-GitHub-Event"),
                    answer.status(), answer.messageText());
            return answer;
        } catch (InvalidDeliveryException invalid) {
            return WebhookAnswer.message(400, invalid.getMessage());
        } catch (RuntimeException failed) {
            LOG.error("delivery {} could not be recorded", deliveryForLog, failed);
            return WebhookAnswer.message(503, "could not record the delivery, nothing was started; redeliver it: "
                    + failed.getClass().getSimpleName()).withHeader("Retry-After", "5");
        }
    }

    private WebhookAnswer decide(WebhookRequest request) {
        if (request.bodyTooLarge() || (request.body() != null && request.body().length > maxBodyBytes)) {
            return WebhookAnswer.message(413, "body over " + maxBodyBytes + " bytes, GitHub's limit for a delivery");
        }
        if (request.invalidBase64()) {
            return WebhookAnswer.message(400, "body is marked base64-encoded but is not valid base64");
        }
        WebhookAnswer refused = verifySignature(request);
        if (refused != null) {
            return refused;
        }
        List<String> missing = new ArrayList<>();
        for (String header : List.of("X-GitHub-Event", "X-GitHub-Delivery", "Content-Type")) {
            String value = request.header(header);
            if (value == null || value.isBlank()) {
                missing.add(header);
            }
        }
        if (!missing.isEmpty()) {
            return WebhookAnswer.message(400, "missing header(s): " + String.join(", ", missing));
        }
        String eventName = request.header("X-GitHub-Event").trim();
        String deliveryId = request.header("X-GitHub-Delivery").trim();
        if (!EVENT_NAME.matcher(eventName).matches()) {
            return WebhookAnswer.message(400, "X-GitHub-Event is not an event name: " + eventName);
        }
        if (!ExecutionNames.isValidDeliveryId(deliveryId)) {
            return WebhookAnswer.message(400, "X-GitHub-Delivery is not a delivery id (letters, digits, '-'): " + deliveryId);
        }
        Optional<String> json = payloadJson(request);
        if (json.isEmpty()) {
            return WebhookAnswer.message(415, "Content-Type " + request.header("Content-Type")
                    + " is not one GitHub sends: application/json or application/x-www-form-urlencoded");
        }
        JsonNode payload = parse(json.get());
        GitHubEvent event = GitHubEventParser.parse(eventName, payload);
        if (event instanceof GitHubEvent.Ping ping) {
            return new WebhookAnswer(200, java.util.Map.of("hookId", ping.hookId(),
                    "message", "pong" + (ping.zen() == null ? "" : ": " + ping.zen())), java.util.Map.of());
        }
        if (event instanceof GitHubEvent.Push push) {
            requireRefName(push.ref());
            return push(deliveryId, push);
        }
        if (event instanceof GitHubEvent.DeletedRef deleted) {
            requireRefName(deleted.ref());
            return deletedRef(deliveryId, deleted);
        }
        if (event instanceof GitHubEvent.PullRequest pullRequest) {
            requireRefName("refs/heads/" + pullRequest.headBranch());
            return pullRequest(deliveryId, pullRequest);
        }
        return WebhookAnswer.ignored(((GitHubEvent.Ignored) event).reason());
    }

    private WebhookAnswer verifySignature(WebhookRequest request) {
        byte[] body = request.body();
        String header = request.header(SignatureVerifier.HEADER);
        SignatureVerifier.Verdict verdict = SignatureVerifier.verify(secret.current(), body, header);
        if (verdict == SignatureVerifier.Verdict.MISMATCH && secret.refresh()) {
            verdict = SignatureVerifier.verify(secret.current(), body, header);
        }
        return verdict == SignatureVerifier.Verdict.VALID ? null : WebhookAnswer.message(401, verdict.message());
    }

    /** The JSON text: the body itself, or the form's {@code payload} field; empty for another content type. */
    private static Optional<String> payloadJson(WebhookRequest request) {
        String mediaType = request.header("Content-Type").split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        String body = new String(request.body(), StandardCharsets.UTF_8);
        if (mediaType.equals("application/json")) {
            return Optional.of(body);
        }
        if (!mediaType.equals("application/x-www-form-urlencoded")) {
            return Optional.empty();
        }
        Map<String, String> form;
        try {
            form = FormEncoding.decode(body);
        } catch (IllegalArgumentException badEscape) {
            throw new InvalidDeliveryException("form field payload is not URL-encoded: " + badEscape.getMessage());
        }
        if (form.containsKey("payload")) {
            return Optional.of(form.get("payload"));
        }
        throw new InvalidDeliveryException("form-encoded body lacks the payload field");
    }

    private static JsonNode parse(String json) {
        if (json.isBlank()) {
            throw new InvalidDeliveryException("body is empty: GitHub sends the event's JSON");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new InvalidDeliveryException("body is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            // a stream constraint (nesting, number or string length) has no location
            throw new InvalidDeliveryException("body is not JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        }
    }

    /** A ref git would refuse, or one too long for a key, is refused before anything is recorded. */
    private static void requireRefName(String ref) {
        RefNames.problem(ref).ifPresent(problem -> {
            throw new InvalidDeliveryException("ref '" + RefNames.printable(ref) + "' is not a valid git ref name: "
                    + problem);
        });
    }

    private WebhookAnswer push(String deliveryId, GitHubEvent.Push push) {
        if (config.repository(push.repository()).isEmpty()) {
            return WebhookAnswer.ignored("repository not configured");
        }
        Optional<Route> route = push.branch() != null
                ? config.routeBranch(push.repository(), push.branch())
                : config.routeTag(push.repository(), push.tag());
        if (route.isEmpty()) {
            return WebhookAnswer.ignored((push.branch() != null ? "branch " + push.branch() : "tag " + push.tag())
                    + " matches no rule");
        }
        String name = push.branch() != null ? push.branch() : push.tag();
        String version = push.tag() != null ? safe(push.tag()) : safe(push.branch()) + "-" + push.commit().substring(0, 7);
        Run run = newRun(deliveryId, route.get(), push.cloneUrl(), "push", push.ref(), push.branch(),
                push.defaultBranch(), push.tag(), push.commit(), push.baseCommit(), push.author(), push.contributors(),
                version).withFirstCommitAt(push.firstCommitAt()).withTrigger(Trigger.push(push.tag() != null));
        return launch(run, false, name, push.before(), push.changedPaths());
    }

    /** A deleted branch or tag of a configured repository ends the ref's history; nothing runs. */
    private WebhookAnswer deletedRef(String deliveryId, GitHubEvent.DeletedRef deleted) {
        if (config.repository(deleted.repository()).isEmpty()) {
            return WebhookAnswer.ignored("repository not configured");
        }
        return launcher.deleted(deleted.repository(), deleted.ref(), deleted.before(), ExecutionNames.runId(deliveryId))
                .map(head -> WebhookAnswer.message(200, "ignored: stale push of deleted ref " + RefNames.printable(deleted.ref())
                        + ": " + staleReason(deleted.before(), head)))
                .orElseGet(() -> WebhookAnswer.ignored("push of deleted ref " + RefNames.printable(deleted.ref())));
    }

    private WebhookAnswer pullRequest(String deliveryId, GitHubEvent.PullRequest pr) {
        Optional<Route> route = config.routePullRequest(pr.repository());
        if (route.isEmpty()) {
            return WebhookAnswer.ignored("repository not configured");
        }
        Optional<String> filtered = pullRequestFiltered(pr);
        if (filtered.isPresent()) {
            return WebhookAnswer.ignored(filtered.get());
        }
        String version = "pr-" + pr.number() + "-" + pr.commit().substring(0, 7);
        // opened and reopened carry no before: the head itself is what they start from (a replay of an earlier head
        // is stale, a head never seen runs)
        Run run = newRun(deliveryId, route.get().checksOnly(), pr.cloneUrl(), "pull_request",
                "refs/pull/" + pr.number() + "/head", pr.headBranch(), pr.defaultBranch(), null, pr.commit(),
                pr.baseCommit(), pr.author(), pr.contributors(), version)
                .withTrigger(Trigger.pullRequest(pr.baseBranch(), pr.labels()));
        return launch(run, pr.fork(), "#" + pr.number(), pr.before() != null ? pr.before() : pr.commit(), null);
    }

    /**
     * Why the repository's pull request filter ({@code pullRequests.baseBranches}, {@code labels}) leaves this pull
     * request out; a {@code labeled} delivery runs only for a repository that lists labels, else it is ignored as it
     * always was.
     */
    private Optional<String> pullRequestFiltered(GitHubEvent.PullRequest pr) {
        PullRequestFilter filter = config.repository(pr.repository()).orElseThrow().triggers().pullRequests();
        if (pr.addedLabel() != null && filter.labels().isEmpty()) {
            return Optional.of("pull_request.labeled");
        }
        return filter.refusal(pr.baseBranch(), pr.labels(), pr.addedLabel())
                .map(reason -> (pr.addedLabel() != null ? "pull_request.labeled: " : "pull request #" + pr.number()
                        + ": ") + reason);
    }

    private Run newRun(String deliveryId, Route route, String cloneUrl, String event, String ref, String branch,
                       String defaultBranch, String tag, String commit, String baseCommit, String author,
                       List<Contributor> contributors, String version) {
        java.time.Instant now = clock.instant();
        return new Run(ExecutionNames.runId(deliveryId), deliveryId, route.repository(), cloneUrl, event, ref, branch,
                defaultBranch, tag, commit, baseCommit, author, contributors, version, route.tier(), route.deploy(),
                route.environments(), RunStatus.RECEIVED, null, now, now, null, null, null);
    }

    private static String staleReason(String before, BranchRuns.Head head) {
        boolean deleted = GitHubEventParser.isZero(head.commit());
        return "it starts from " + before.substring(0, 7) + ", an earlier head; "
                + (deleted ? "the ref was deleted since"
                : "the head is " + head.commit().substring(0, 7) + " of the newer run " + head.runId())
                + ". Nothing was started or superseded";
    }

    /**
     * Launches {@code run} with its stages planned from its repository's declared stages, for the paths its change
     * touched ({@code changedPaths}; null: not known).
     */
    private WebhookAnswer launch(Run run, boolean fork, String what, String before, List<String> changedPaths) {
        DeclaredStages declared = config.repository(run.repository()).map(RepositoryConfig::stages)
                .orElse(DeclaredStages.DEFAULTS);
        Plan plan = planner.plan(declared, run, changedPaths);
        RunLauncher.Outcome outcome = launcher.launch(LaunchRequest.delivered(run, fork, before, plan));
        if (outcome instanceof RunLauncher.Outcome.Stale stale) {
            return WebhookAnswer.message(200, "ignored: stale " + run.event().replace('_', ' ') + " of " + what
                    + ": " + staleReason(stale.before(), stale.head()));
        }
        return answer(outcome, what);
    }

    /** A launch's outcome as the answer: 202 started, 200 already started, 503 being started, 502 not started. */
    static WebhookAnswer answer(RunLauncher.Outcome outcome, String what) {
        if (outcome instanceof RunLauncher.Outcome.Started started) {
            return answer(202, started.run(), "started " + started.run().runId() + " for " + what);
        }
        if (outcome instanceof RunLauncher.Outcome.AlreadyStarted again) {
            return answer(200, again.run(),
                    "delivery " + again.run().deliveryId() + " already started " + again.run().runId());
        }
        if (outcome instanceof RunLauncher.Outcome.StillStarting starting) {
            return answer(503, starting.run(), "delivery " + starting.run().deliveryId()
                    + " is being started by a concurrent delivery; redeliver to confirm")
                    .withHeader("Retry-After", Long.toString(starting.retryAfter().toSeconds()));
        }
        RunLauncher.Outcome.StartFailed failed = (RunLauncher.Outcome.StartFailed) outcome;
        return answer(502, failed.run(), "recorded " + failed.run().runId() + " but could not start it ("
                + failed.error() + "); redeliver to start it");
    }

    private static WebhookAnswer answer(int status, Run run, String message) {
        return WebhookAnswer.run(status, run.runId(), run.tier(),
                run.environments().stream().map(EnvironmentTarget::name).toList(), message);
    }

    static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
