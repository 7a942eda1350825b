package dev.serverlesscd.functions.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.serverlesscd.functions.approval.Approval;
import dev.serverlesscd.functions.chat.ChatMessage;
import dev.serverlesscd.functions.chat.ChatNotifier;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PublishConfig;
import dev.serverlesscd.functions.config.PublishConfig.ChatEvent;
import dev.serverlesscd.functions.config.RepositoryConfig;
import dev.serverlesscd.functions.gate.Baseline;
import dev.serverlesscd.functions.gate.Baselines;
import dev.serverlesscd.functions.github.GitHubApiException;
import dev.serverlesscd.functions.github.GitHubClient;
import dev.serverlesscd.functions.github.GitHubClient.CommitInfo;
import dev.serverlesscd.functions.github.GitHubClient.Release;
import dev.serverlesscd.functions.github.GitHubClient.ReleaseSpec;
import dev.serverlesscd.functions.github.RunLinks;
import dev.serverlesscd.functions.reports.ReportFile;
import dev.serverlesscd.functions.reports.ReportFormat;
import dev.serverlesscd.functions.reports.ReportSource;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run tells the places people already look, once it has ended (the run recorder's finish calls it): the pull
 * request's comment ({@link PullRequestComment}), the release of a tag ({@link Changelog}), SARIF reports to code
 * scanning, and chat. Each part is tried on its own and a failure of one is a warning (logged, and in the answer),
 * never a change of the run's outcome: nothing here throws.
 */
public final class RunPublisher {
    static final String IMAGE_ASSET = "image.txt";
    static final String SBOM_FILE = "sbom.cdx.json";
    private static final Logger LOG = LoggerFactory.getLogger(RunPublisher.class);

    private final GitHubClient github;
    private final ChatNotifier chat;
    private final PipelineConfig config;
    private final Baselines baselines;
    private final ReportSource reports;
    private final RunLinks links;

    /** What publishing did ({@code done}) and what it could not ({@code warnings}), each a line. */
    public record Published(List<String> done, List<String> warnings) {
    }

    public RunPublisher(GitHubClient github, ChatNotifier chat, PipelineConfig config, Baselines baselines,
                        ReportSource reports, RunLinks links) {
        this.github = Objects.requireNonNull(github, "GitHub client");
        this.chat = Objects.requireNonNull(chat, "chat notifier");
        this.config = Objects.requireNonNull(config, "pipeline configuration");
        this.baselines = Objects.requireNonNull(baselines, "baselines");
        this.reports = Objects.requireNonNull(reports, "report source");
        this.links = Objects.requireNonNull(links, "run links");
    }

    /** Publishes the end of {@code run} ({@code status}, the finish's {@code summary}); never throws. */
    public Published published(Run run, RunStatus status, JsonNode summary, Instant at) {
        List<String> done = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        JsonNode s = summary == null ? MissingNode.getInstance() : summary;
        PublishConfig publish = publishConfig(run.repository());
        step("the pull request's comment", warnings, () -> comment(run, status, s, at, publish, done));
        step("code scanning", warnings, () -> sarif(run, publish, done, warnings));
        step("the release", warnings, () -> release(run, status, s, publish, done));
        step("chat", warnings, () -> announce(run, status, s, publish, done, warnings));
        warnings.forEach(w -> LOG.warn("Run {}: {} (the run's outcome stands)", run.runId(), w));
        done.forEach(d -> LOG.info("Run {}: {}", run.runId(), d));
        return new Published(done, warnings);
    }

    /**
     * Tells the channels that hear {@code approval-waiting} that {@code approval} waits for its approvers ({@code asked}:
     * the ones mailed); never throws. Only approvers' channels ({@code approvalLinks}) get a link, the run's page: an
     * approval is decided from each approver's personal mailed link, which never goes to a shared channel.
     */
    public Published approvalWaiting(Approval approval, List<String> asked) {
        List<String> done = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        step("chat", warnings, () -> {
            PublishConfig publish = publishConfig(approval.repository());
            String environment = approval.environment().name();
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("Environment", environment);
            fields.put("Version", approval.version() == null ? "-" : approval.version());
            fields.put("Commit", shortCommit(approval.commit()));
            fields.put("Approvers asked", String.join(", ", asked));
            fields.put("Approvals needed", Integer.toString(approval.environment().requiredApprovals()));
            fields.put("Deadline", approval.deadline().toString());
            send(publish, new ChatMessage(ChatEvent.APPROVAL_WAITING, shortName(approval.repository()) + " "
                    + (approval.version() == null ? "" : approval.version() + " ") + "waits for approval to " + environment,
                    "Run " + approval.runId() + " waits for " + approval.environment().requiredApprovals() + " of "
                            + asked.size() + " approvers; each decides from the link mailed to them.",
                    fields, links.forRun(approval.runId()).orElse(null), false), done, warnings);
        });
        warnings.forEach(w -> LOG.warn("Approval {}: {} (the approval stands)", approval.approvalId(), w));
        done.forEach(d -> LOG.info("Approval {}: {}", approval.approvalId(), d));
        return new Published(done, warnings);
    }

    private void comment(Run run, RunStatus status, JsonNode summary, Instant at, PublishConfig publish,
                         List<String> done) {
        Optional<Integer> number = PullRequestComment.pullRequestNumber(run);
        if (number.isEmpty() || !publish.pullRequestComment()) {
            return;
        }
        Map<Baseline.Kind, Baseline> base = new EnumMap<>(Baseline.Kind.class);
        for (Baseline.Kind kind : Baseline.Kind.values()) {
            baselines.find(run.repository(), kind).ifPresent(b -> base.put(kind, b));
        }
        String body = PullRequestComment.markdown(new PullRequestComment.Input(run, status, summary, base,
                links.forRun(run.runId()), summary.path("fork").asBoolean(false), at));
        GitHubClient.IssueComment comment = github.upsertComment(run.repository(), number.get(),
                PullRequestComment.MARKER, body);
        done.add("commented on " + run.repository() + "#" + number.get()
                + (comment.htmlUrl() == null ? "" : " (" + comment.htmlUrl() + ")"));
    }

    private void sarif(Run run, PublishConfig publish, List<String> done, List<String> warnings) {
        if (publish.codeScanning().isEmpty() || run.commit() == null || run.ref() == null) {
            return;
        }
        for (String stage : publish.codeScanning().stream().sorted().toList()) {
            List<ReportFile> files = reports.fetch(run.runId(), stage)
                    .reportsOf(ReportFormat.Kind.FINDINGS);
            for (ReportFile file : files) {
                try {
                    String id = github.uploadSarif(run.repository(), run.commit(), run.ref(), file.content());
                    done.add("uploaded " + stage + "'s " + file.name() + " to code scanning (" + id + ")");
                } catch (GitHubApiException e) {
                    warnings.add(e.status() == 403
                            ? "code scanning refused " + stage + "'s " + file.name() + " (is code scanning on for "
                                    + run.repository() + "?): " + e.getMessage()
                            : "code scanning: " + e.getMessage());
                }
            }
        }
    }

    private void release(Run run, RunStatus status, JsonNode summary, PublishConfig publish, List<String> done) {
        String tag = run.tag();
        if (tag == null || status != RunStatus.SUCCEEDED || publish.release().isEmpty()
                || !publish.release().get().matches(tag)) {
            return;
        }
        PublishConfig.ReleaseRule rule = publish.release().get();
        List<String> tags = github.tags(run.repository());
        Optional<String> previous = Changelog.previousTag(tag, tags, rule::matches, rule::isPrerelease);
        List<CommitInfo> commits = previous.isPresent() ? github.compare(run.repository(), previous.get(), tag) : List.of();
        String notes = Changelog.markdown(tag, previous, commits, previous.map(p ->
                "https://github.com/" + run.repository() + "/compare/" + p + "..." + tag));
        String image = image(summary);
        if (image != null) {
            notes += "\n**Image**: `" + image + "`\n";
        }
        ReleaseSpec spec = new ReleaseSpec(tag, tag, notes, rule.draft(), rule.isPrerelease(tag));
        Optional<Release> existing = github.releaseByTag(run.repository(), tag);
        Release release = existing.isPresent()
                ? github.updateRelease(run.repository(), existing.get().id(), spec)
                : github.createRelease(run.repository(), spec);
        done.add((existing.isPresent() ? "updated" : "created") + " the " + (spec.draft() ? "draft " : "")
                + (spec.prerelease() ? "pre-release " : "release ") + tag + " of " + run.repository()
                + " (" + commits.size() + " commit(s) since " + previous.orElse("the beginning") + ")");
        if (image != null) {
            github.uploadAsset(run.repository(), release, IMAGE_ASSET, "text/plain",
                    (image + "\n").getBytes(StandardCharsets.UTF_8));
            done.add("attached " + IMAGE_ASSET + " to " + tag);
        }
        Optional<ReportFile> sbom = reports.fetch(run.runId(), "build").matching(f -> f.name().equals(SBOM_FILE))
                .stream().findFirst();
        if (sbom.isPresent()) {
            github.uploadAsset(run.repository(), release, SBOM_FILE, "application/vnd.cyclonedx+json",
                    sbom.get().content());
            done.add("attached " + SBOM_FILE + " to " + tag);
        }
        if (!spec.draft()) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("Commits", String.valueOf(commits.size()));
            if (image != null) {
                fields.put("Image", image);
            }
            send(publish, new ChatMessage(ChatEvent.RELEASE_PUBLISHED, shortName(run) + " " + tag + " released",
                    firstLines(notes), fields, release.htmlUrl(), true), done, new ArrayList<>());
        }
    }

    private void announce(Run run, RunStatus status, JsonNode summary, PublishConfig publish, List<String> done,
                          List<String> warnings) {
        if (publish.chat().isEmpty()) {
            return;
        }
        Optional<String> link = links.forRun(run.runId());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Commit", shortCommit(run.commit()));
        fields.put("Ref", run.tag() != null ? run.tag() : run.branch() == null ? String.valueOf(run.ref()) : run.branch());
        if (run.author() != null) {
            fields.put("Author", run.author());
        }
        summary.path("gate").path("stages").forEach(stage -> fields.put(stage.path("stage").asText(),
                stage.path("verdict").asText() + ": " + stage.path("summary").asText("")));
        String why = run.cause() != null && !run.cause().isBlank() ? run.cause() : run.error();
        switch (status) {
            case FAILED, TIMED_OUT, REJECTED -> send(publish, new ChatMessage(ChatEvent.RUN_FAILED,
                    shortName(run) + ": run " + run.runId() + " " + status.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    why == null ? "" : why, fields, link.orElse(null), false), done, warnings);
            case ROLLED_BACK -> send(publish, new ChatMessage(ChatEvent.ROLLED_BACK,
                    shortName(run) + ": run " + run.runId() + " rolled back", why == null ? "" : why, fields,
                    link.orElse(null), false), done, warnings);
            default -> {
            }
        }
        for (JsonNode deployment : summary.path("deployments")) {
            if (!"DEPLOYED".equals(deployment.path("status").asText())) {
                continue;
            }
            String environment = deployment.path("environment").asText("?");
            Map<String, String> deployed = new LinkedHashMap<>(fields);
            deployed.put("Image", deployment.path("image").asText("-"));
            send(publish, new ChatMessage(ChatEvent.DEPLOYED, shortName(run) + " "
                    + (run.version() == null ? "" : run.version() + " ") + "deployed to " + environment,
                    "Run " + run.runId() + " deployed " + fields.get("Commit") + " to " + environment + ".", deployed,
                    link.orElse(null), true), done, warnings);
        }
    }

    /** Sends {@code message} to every channel that hears its event; a failure is a warning. */
    void send(PublishConfig publish, ChatMessage message, List<String> done, List<String> warnings) {
        for (PublishConfig.ChatChannel channel : publish.chat()) {
            if (!channel.hears(message.event())) {
                continue;
            }
            ChatMessage shown = message.event() == ChatEvent.APPROVAL_WAITING && !channel.approvalLinks()
                    ? message.withoutLink() : message;
            try {
                chat.send(channel, shown);
                done.add("told " + channel.name() + ": " + message.event().key());
            } catch (RuntimeException e) {
                warnings.add("chat " + channel.name() + ": " + e.getMessage());
            }
        }
    }

    private static void step(String what, List<String> warnings, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            warnings.add(what + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private static String image(JsonNode summary) {
        JsonNode image = summary.path("image");
        String uri = image.path("imageUri").asText(null);
        String digest = image.path("digest").asText(null);
        if (uri == null || digest == null || uri.isBlank() || digest.isBlank()) {
            return null;
        }
        String repository = uri.contains("@") ? uri.substring(0, uri.indexOf('@')) : uri.replaceFirst(":[^:/]+$", "");
        return repository + "@" + digest;
    }

    /** What {@code repository} publishes: its configuration's, or the defaults for a repository it does not name. */
    private PublishConfig publishConfig(String repository) {
        return config.repository(repository).map(RepositoryConfig::publish).orElse(PublishConfig.DEFAULTS);
    }

    private static String shortCommit(String commit) {
        return commit == null ? "-" : commit.substring(0, Math.min(7, commit.length()));
    }

    private static String shortName(Run run) {
        return shortName(run.repository());
    }

    private static String shortName(String repository) {
        return repository == null ? "?" : repository.substring(repository.indexOf('/') + 1);
    }

    private static String firstLines(String notes) {
        List<String> lines = notes.lines().filter(l -> l.startsWith("- ") || l.startsWith("### ")).limit(12).toList();
        return String.join("\n", lines);
    }
}
