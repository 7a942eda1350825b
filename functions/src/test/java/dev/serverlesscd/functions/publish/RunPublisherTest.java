package dev.serverlesscd.functions.publish;

import static dev.serverlesscd.functions.publish.PullRequestCommentTest.AT;
import static dev.serverlesscd.functions.publish.PullRequestCommentTest.pullRequestRun;
import static dev.serverlesscd.functions.publish.PullRequestCommentTest.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.chat.ChatDeliveryException;
import dev.serverlesscd.functions.chat.ChatMessage;
import dev.serverlesscd.functions.chat.ChatNotifier;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.config.PublishConfig.ChatChannel;
import dev.serverlesscd.functions.config.PublishConfig.ChatEvent;
import dev.serverlesscd.functions.gate.Baselines;
import dev.serverlesscd.functions.github.FileGitHubClient;
import dev.serverlesscd.functions.github.GitCliHistory;
import dev.serverlesscd.functions.github.GitHubApiException;
import dev.serverlesscd.functions.github.GitHubClient;
import dev.serverlesscd.functions.github.RunLinks;
import dev.serverlesscd.functions.reports.ReportFile;
import dev.serverlesscd.functions.reports.ReportSource;
import dev.serverlesscd.functions.reports.StageReports;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RunPublisher} on the local GitHub adapter ({@link FileGitHubClient}, history from a real git repository)
 * and a recording chat: the comment kept up to date, the release and its notes, code scanning, chat by event.
 */
@Tag("unit")
class RunPublisherTest {
    private static final String CONFIG = """
            repositories:
              acme/orders-service:
                release: {tags: "v*"}
                codeScanning: [scan]
                chat:
                  team: {type: slack, secret: team, events: [run-failed, deployed, release-published]}
                  ops: {type: discord, secret: ops, events: [rolled-back]}
            """;

    @TempDir
    Path dir;
    private Path clone;
    private FileGitHubClient github;
    private final List<String> sent = new ArrayList<>();
    private final ChatNotifier chat = (channel, message) -> sent.add(channel.name() + ": " + message.event().key()
            + ": " + message.title());
    private final Map<String, List<ReportFile>> reports = new java.util.HashMap<>();
    private final ReportSource source = (runId, stage) -> new StageReports("runs/" + runId + "/" + stage,
            reports.getOrDefault(stage, List.of()));

    @BeforeEach
    void repository() throws Exception {
        clone = Files.createDirectories(dir.resolve("clone"));
        git("init", "-q", "-b", "main");
        commit("feat: orders");
        git("tag", "v1.1.0");
        commit("feat(api): accept coupons");
        commit("fix: round totals");
        commit("feat!: drop the v1 endpoint");
        git("tag", "v1.2.0");
        github = new FileGitHubClient(dir.resolve("github"), new GitCliHistory(repo -> Optional.of(clone)), line -> { });
    }

    @Test
    void published_shouldWriteOneCommentPerPullRequest_andEditItOnTheNextRun() throws IOException {
        // GIVEN two runs of pull request 42
        RunPublisher publisher = publisher(github, CONFIG);

        // WHEN
        publisher.published(pullRequestRun("run-1", RunStatus.FAILED, "the gates failed"), RunStatus.FAILED, summary("""
                {"gate": {"verdict": "FAIL", "stages": [{"stage": "test", "verdict": "FAIL", "summary": "2 of 16 tests failed"}]}}
                """), AT);
        RunPublisher.Published second = publisher.published(pullRequestRun("run-2", RunStatus.SUCCEEDED, null),
                RunStatus.SUCCEEDED, summary("""
                {"gate": {"verdict": "PASS", "stages": [{"stage": "test", "verdict": "PASS", "summary": "16 of 16 tests passed"}]}}
                """), AT);

        // THEN one comment, with the second run's numbers
        List<GitHubClient.IssueComment> comments = github.comments("acme/orders-service", 42);
        assertThat(comments).singleElement().satisfies(c -> assertThat(c.body())
                .contains("16 of 16 tests passed", "run-2").doesNotContain("2 of 16 tests failed"));
        assertThat(Files.readString(github.repository("acme/orders-service").resolve("pulls/42/comment-1.md")))
                .startsWith(PullRequestComment.MARKER);
        assertThat(second.done()).contains("commented on acme/orders-service#42 (" + comments.get(0).htmlUrl() + ")");
        assertThat(second.warnings()).isEmpty();
    }

    @Test
    void published_shouldCreateTheReleaseOfATag_withItsChangelog_andUpdateItOnARerun() throws IOException {
        // GIVEN a successful run of v1.2.0 with an image and an SBOM
        reports.put("build", List.of(new ReportFile("build/sbom.cdx.json", "{\"bomFormat\":\"CycloneDX\"}".getBytes(StandardCharsets.UTF_8))));
        Run tag = tagRun("v1.2.0");
        RunPublisher publisher = publisher(github, CONFIG);
        String summary = """
                {"image": {"imageUri": "123.dkr.ecr.eu-west-1.amazonaws.com/orders:v1.2.0", "digest": "sha256:abc"}}
                """;

        // WHEN it is published twice (a re-run)
        publisher.published(tag, RunStatus.SUCCEEDED, summary(summary), AT);
        RunPublisher.Published again = publisher.published(tag, RunStatus.SUCCEEDED, summary(summary), AT);

        // THEN one release, its notes grouped with the breaking change first, the image and SBOM attached
        GitHubClient.Release release = github.releaseByTag("acme/orders-service", "v1.2.0").orElseThrow();
        assertThat(release.prerelease()).isFalse();
        assertThat(release.body()).contains("Changes since v1.1.0.");
        assertThat(release.body().indexOf("### ⚠️ Breaking changes")).isLessThan(release.body().indexOf("### Features"));
        assertThat(release.body().indexOf("### Features")).isLessThan(release.body().indexOf("### Fixes"));
        assertThat(release.body()).contains("- drop the v1 endpoint", "- **api:** accept coupons", "- round totals",
                "**Image**: `123.dkr.ecr.eu-west-1.amazonaws.com/orders@sha256:abc`").doesNotContain("feat: orders");
        assertThat(release.assets()).extracting(GitHubClient.Asset::name).containsExactlyInAnyOrder("image.txt", "sbom.cdx.json");
        assertThat(again.done()).anyMatch(line -> line.startsWith("updated the release v1.2.0"));
        assertThat(sent).containsExactly("team: release-published: orders-service v1.2.0 released",
                "team: release-published: orders-service v1.2.0 released");
    }

    @Test
    void published_shouldUploadTheScansSarif_andWarnOnly_whenCodeScanningRefuses() {
        // GIVEN a SARIF report of the scan, and a GitHub whose code scanning is off
        reports.put("scan", List.of(new ReportFile("scan/trivy.sarif", "{\"runs\":[]}".getBytes(StandardCharsets.UTF_8))));
        Run run = pullRequestRun("run-3", RunStatus.SUCCEEDED, null);

        // WHEN
        RunPublisher.Published uploaded = publisher(github, CONFIG).published(run, RunStatus.SUCCEEDED, summary("{}"), AT);
        RunPublisher.Published refused = publisher(refusingCodeScanning(github), CONFIG)
                .published(run, RunStatus.SUCCEEDED, summary("{}"), AT);

        // THEN
        assertThat(uploaded.done()).contains("uploaded scan's trivy.sarif to code scanning (local-1)");
        assertThat(refused.warnings()).singleElement().asString()
                .startsWith("code scanning refused scan's trivy.sarif (is code scanning on for acme/orders-service?)");
        assertThat(refused.done()).anyMatch(line -> line.startsWith("commented on"));
    }

    @Test
    void published_shouldTellOnlyTheChannelsThatHearTheEvent_andNeverThrow() {
        // GIVEN a failed run, a deploy, and a rollback
        RunPublisher publisher = publisher(github, CONFIG);
        Run failed = tagRun("v9.0.0");

        // WHEN
        publisher.published(failed, RunStatus.FAILED, summary("{}"), AT);
        publisher.published(tagRun("v1.2.0"), RunStatus.ROLLED_BACK, summary("{}"), AT);
        publisher.published(branchRun(), RunStatus.SUCCEEDED, summary("""
                {"deployments": [{"environment": "staging", "status": "DEPLOYED", "image": "orders@sha256:abc"}]}
                """), AT);

        // THEN the team hears the failure and the deploy, ops the rollback
        assertThat(sent).containsExactly(
                "team: run-failed: orders-service: run run-v9.0.0 failed",
                "ops: rolled-back: orders-service: run run-v1.2.0 rolled back",
                "team: deployed: orders-service main-6113728 deployed to staging");

        // AND a chat that fails is a warning
        ChatNotifier broken = (channel, message) -> {
            throw new ChatDeliveryException("chat message run-failed to team (slack): gave up after 3 attempts; last: 503");
        };
        RunPublisher.Published result = new RunPublisher(github, broken, config(CONFIG), Baselines.NONE, source,
                RunLinks.none()).published(failed, RunStatus.FAILED, summary("{}"), AT);
        assertThat(result.warnings()).containsExactly("chat team: chat message run-failed to team (slack): gave up after 3 attempts; last: 503");
    }

    @Test
    void published_shouldOnlyShowAnApprovalLink_toChannelsAllowedToSeeIt() {
        List<ChatMessage> messages = new ArrayList<>();
        RunPublisher publisher = new RunPublisher(github, (channel, message) -> messages.add(message),
                config(CONFIG), Baselines.NONE, source, RunLinks.none());
        ChatMessage waiting = new ChatMessage(ChatEvent.APPROVAL_WAITING, "approve", "", Map.of(), "https://approve", true);
        dev.serverlesscd.functions.config.PublishConfig publish = new dev.serverlesscd.functions.config.PublishConfig(
                true, Optional.empty(), java.util.Set.of(), List.of(
                        new ChatChannel("all", dev.serverlesscd.functions.config.PublishConfig.ChatType.WEBHOOK, "all",
                                java.util.Set.of(ChatEvent.APPROVAL_WAITING), false),
                        new ChatChannel("approvers", dev.serverlesscd.functions.config.PublishConfig.ChatType.WEBHOOK,
                                "approvers", java.util.Set.of(ChatEvent.APPROVAL_WAITING), true)));

        publisher.send(publish, waiting, new ArrayList<>(), new ArrayList<>());

        assertThat(messages).extracting(ChatMessage::link).containsExactly(null, "https://approve");
    }

    @Test
    void approvalWaiting_shouldTellTheChannelsThatHearIt_withTheRunsPageLink_onlyToApproversChannels() {
        // GIVEN a team channel that hears approvals without links, an approvers' channel with them, one that does not hear them
        List<ChatMessage> messages = new ArrayList<>();
        List<String> channels = new ArrayList<>();
        RunPublisher publisher = new RunPublisher(github, (channel, message) -> {
            channels.add(channel.name());
            messages.add(message);
        }, config("""
                repositories:
                  acme/orders-service:
                    chat:
                      team: {type: slack, secret: team, events: [approval-waiting, deployed]}
                      approvers: {type: discord, secret: approvers, events: [approval-waiting], approvalLinks: true}
                      ops: {type: webhook, secret: ops, events: [rolled-back]}
                """), Baselines.NONE, source, RunLinks.of("https://ci.example.com/runs"));
        dev.serverlesscd.functions.approval.Approval approval = new dev.serverlesscd.functions.approval.Approval(
                "apr-1", "run-main", "acme/orders-service", "6113728f27ae82c7b1a177c8d03f9e96e0adf246", "octocat",
                List.of(), "main-6113728", new dev.serverlesscd.functions.config.EnvironmentTarget("production",
                        "orders-production", "orders", "orders", "/health", 1, List.of("lead@example.com", "ops@example.com")),
                null, null, dev.serverlesscd.functions.approval.ApprovalStatus.PENDING, AT, AT.plusSeconds(86_400),
                List.of(), null, null, null, java.util.Set.of());

        // WHEN the approval starts waiting, its two approvers mailed
        RunPublisher.Published published = publisher.approvalWaiting(approval, List.of("lead@example.com", "ops@example.com"));

        // THEN both channels that hear it are told, with the numbers; only the approvers' channel gets the run's page
        assertThat(published.warnings()).isEmpty();
        assertThat(channels).containsExactly("team", "approvers");
        assertThat(messages).extracting(ChatMessage::title)
                .containsOnly("orders-service main-6113728 waits for approval to production");
        assertThat(messages.get(0).fields()).containsEntry("Approvers asked", "lead@example.com, ops@example.com")
                .containsEntry("Approvals needed", "1").containsEntry("Commit", "6113728");
        assertThat(messages).extracting(ChatMessage::link).containsExactly(null, "https://ci.example.com/runs/run-main");
    }

    private RunPublisher publisher(GitHubClient client, String yaml) {
        return new RunPublisher(client, chat, config(yaml), Baselines.NONE, source, RunLinks.of("https://ci.example.com/runs"));
    }

    private static PipelineConfig config(String yaml) {
        return PipelineConfigLoader.parse(yaml, "test");
    }

    private static Run tagRun(String tag) {
        return new Run("run-" + tag, "d", "acme/orders-service", null, "push", "refs/tags/" + tag, null, "main", tag,
                "6113728f", null, "octocat", List.of(), tag, "full", true, List.of(), RunStatus.RUNNING, null, AT, AT, null, null, null);
    }

    private static Run branchRun() {
        return new Run("run-main", "d", "acme/orders-service", null, "push", "refs/heads/main", "main", "main", null,
                "6113728f", null, "octocat", List.of(), "main-6113728", "full", true, List.of(), RunStatus.RUNNING, null, AT, AT, null,
                null, null);
    }

    /** {@code github}, except that code scanning answers 403 as GitHub does when it is off. */
    private static GitHubClient refusingCodeScanning(GitHubClient github) {
        return (GitHubClient) Proxy.newProxyInstance(GitHubClient.class.getClassLoader(), new Class<?>[] {GitHubClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("uploadSarif")) {
                        throw new GitHubApiException("upload SARIF: GitHub answered 403 Advanced Security must be enabled", 403);
                    }
                    try {
                        return method.isDefault() ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args)
                                : method.invoke(github, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void commit(String message) throws Exception {
        Files.writeString(clone.resolve("log.txt"), message + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        git("add", "log.txt");
        git("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", message);
    }

    private void git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", clone.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + ": " + out);
        }
    }
}
