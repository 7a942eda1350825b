package dev.serverlesscd.local.runtime;

import static dev.serverlesscd.local.testing.Git.git;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.TaskBinding;
import dev.serverlesscd.asl.TaskInvocation;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.workflow.ExecutionInput;
import dev.serverlesscd.local.demo.DemoSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing through the whole local runtime (pipeline.asl.json, the real handlers, DynamoDB Local, the embedded
 * cluster); only the CodeBuild stages are replaced by a binding that writes the reports a test sets, so each run takes
 * a second or two, not a minute of builds. What would go to GitHub and chat lands under the workspace's
 * {@code github/} and {@code chat/}: one comment per pull request, edited by its next run; a release of v1.2.0 with
 * its changelog since v1.1.0; chat messages for the configured channels only.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishingEndToEndTest {
    private static final String CONFIG = """
            repositories:
              acme/orders-service:
                environments:
                  staging: {namespace: orders-staging, deployment: orders}
                  production: {namespace: orders-production, deployment: orders}
                tags:
                  - {pattern: "v*", tier: full, environments: [staging, production]}
                pullRequests: {tier: standard}
                release: {tags: "v*"}
                chat:
                  team: {type: slack, secret: team, events: [run-failed, deployed]}
                  releases: {type: discord, secret: releases, events: [release-published]}
                  quiet: {type: webhook, secret: quiet, events: [rolled-back]}
            """;

    @TempDir
    static Path workspace;
    @TempDir
    static Path clone;
    private LocalPipeline pipeline;
    private PipelineConfig config;
    /** Covered lines of 10 by commit, and the commits whose test fails. */
    private final Map<String, Integer> covered = new ConcurrentHashMap<>();
    private final List<String> failing = new java.util.concurrent.CopyOnWriteArrayList<>();
    private String v120;

    @BeforeAll
    void start() throws Exception {
        git(clone, "init", "-q", "-b", "main");
        commit("feat: orders");
        git(clone, "tag", "v1.1.0");
        commit("feat(api): accept coupons");
        commit("fix: round totals half-even");
        commit("feat!: drop the v1 orders endpoint");
        git(clone, "tag", "v1.2.0");
        v120 = git(clone, "rev-parse", "HEAD");
        config = PipelineConfigLoader.parse(CONFIG, "test");
        pipeline = LocalRuns.start(workspace, config, clone, new ReportsOnlyBuild());
    }

    @AfterAll
    void stop() {
        pipeline.close();
    }

    @Test
    void aPullRequestHasOneComment_thatItsNextRunEditsWithNewNumbers() throws Exception {
        // GIVEN two pushes to pull request 42: 80 % covered, then 90 %
        covered.put(sha('a'), 8);
        covered.put(sha('b'), 9);

        // WHEN both run
        assertThat(run(pullRequest("pr-42-1", sha('a'))).status()).isEqualTo(RunStatus.SUCCEEDED);
        Path pulls = workspace.resolve("github/acme/orders-service/pulls/42");
        String first = Files.readString(pulls.resolve("comment-1.md"));
        assertThat(run(pullRequest("pr-42-2", sha('b'))).status()).isEqualTo(RunStatus.SUCCEEDED);

        // THEN one comment, edited: the second run's numbers
        try (Stream<Path> files = Files.list(pulls)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("comments.json", "comment-1.md");
        }
        String second = Files.readString(pulls.resolve("comment-1.md"));
        assertThat(first).startsWith("<!-- serverless-cd:pull-request -->").contains("Run `pr-42-1`", "**Coverage** 80.0%");
        assertThat(second).contains("Run `pr-42-2`", "**Coverage** 90.0%", "| test | ✅ PASS |")
                .doesNotContain("pr-42-1");
    }

    @Test
    void aTagAfterTheLastReleaseGetsItsReleaseNotes_breakingChangesFirst_andChatHearsTheDeploys() throws Exception {
        // WHEN v1.2.0's run deploys staging and production (approved) and succeeds
        Run run = run(tag("tag-v1.2.0", "v1.2.0", v120));

        // THEN the release, its notes grouped by type since v1.1.0, breaking changes first
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        String notes = Files.readString(workspace.resolve("github/acme/orders-service/releases/v1.2.0.md"));
        assertThat(notes).startsWith("## v1.2.0\n\nChanges since v1.1.0.\n\n### ⚠️ Breaking changes\n\n- drop the v1 orders endpoint")
                .contains("### Features\n\n- **api:** accept coupons", "### Fixes\n\n- round totals half-even",
                        "**Image**: `orders-service@sha256:")
                .doesNotContain("- orders (");
        assertThat(notes.indexOf("### Features")).isLessThan(notes.indexOf("### Fixes"));
        assertThat(workspace.resolve("github/acme/orders-service/releases/v1.2.0/image.txt")).exists();
        // AND chat: the team hears both deploys, the release channel the release, the quiet channel nothing
        assertThat(chat("team")).filteredOn(m -> m.contains("deployed to"))
                .anySatisfy(m -> assertThat(m).contains("deployed to staging"))
                .anySatisfy(m -> assertThat(m).contains("deployed to production"));
        assertThat(chat("releases")).singleElement().asString().contains("\"embeds\"", "orders-service v1.2.0 released");
        assertThat(workspace.resolve("chat/quiet")).doesNotExist();
    }

    @Test
    void aFailedRunIsToldToTheChannelsThatHearFailures_only() throws Exception {
        // GIVEN a pull request whose test fails
        covered.put(sha('c'), 9);
        failing.add(sha('c'));
        int before = chat("team").size();

        // WHEN
        Run run = run(pullRequest("pr-7-1", sha('c')));

        // THEN
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        List<String> team = chat("team");
        assertThat(team).hasSize(before + 1);
        assertThat(team).anySatisfy(m -> assertThat(m).contains("\"blocks\"", "orders-service: run pr-7-1 failed"));
        assertThat(workspace.resolve("chat/quiet")).doesNotExist();
        assertThat(Files.readString(workspace.resolve("github/acme/orders-service/pulls/7/comment-1.md")))
                .contains("### ❌ serverless-cd: failed", "| test | ❌ FAIL |");
    }

    private List<String> chat(String channel) throws IOException {
        Path dir = workspace.resolve("chat").resolve(channel);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> messages = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                messages.add(Files.readString(file));
            }
            return messages;
        }
    }

    private ExecutionInput pullRequest(String runId, String commit) {
        return LocalRuns.input(new Run(runId, runId, "acme/orders-service", DemoSession.CLONE_URL, "pull_request",
                "refs/pull/" + runId.split("-")[1] + "/head", "feature-x", "main", null, commit, "octocat", null,
                "standard", false, List.of(), RunStatus.RECEIVED, null, null, null, null, null, null));
    }

    private ExecutionInput tag(String runId, String tag, String commit) {
        List<EnvironmentTarget> environments = config.routeTag("acme/orders-service", tag).orElseThrow().environments();
        return LocalRuns.input(new Run(runId, runId, "acme/orders-service", DemoSession.CLONE_URL, "push",
                "refs/tags/" + tag, null, "main", tag, commit, "octocat", tag, "full", true, environments,
                RunStatus.RECEIVED, null, null, null, null, null, null));
    }

    /** Starts {@code input}'s execution, approves what it asks, and answers the stored run once it has ended. */
    private Run run(ExecutionInput input) throws Exception {
        return LocalRuns.run(pipeline, input, Duration.ofSeconds(120));
    }

    private static String sha(char c) {
        return String.valueOf(c).repeat(40);
    }

    /** A CodeBuild stand-in: the reports of its stage at once, coverage and a failing test as the test sets them. */
    private final class ReportsOnlyBuild implements TaskBinding {
        @Override
        public JsonNode invoke(TaskInvocation invocation) {
            Map<String, String> variables = new HashMap<>();
            invocation.arguments().path("EnvironmentVariablesOverride")
                    .forEach(v -> variables.put(v.path("Name").asText(), v.path("Value").asText()));
            String runId = variables.get("RUN_ID");
            String commit = pipeline.runs().find(runId).map(Run::commit).orElse("");
            Path reports = workspace.resolve("runs").resolve(runId).resolve(variables.get("STAGE"));
            try {
                Files.createDirectories(reports);
                switch (variables.get("STAGE")) {
                    case "test" -> {
                        boolean fails = failing.contains(commit);
                        Files.writeString(reports.resolve("TEST-orders.xml"), "<testsuite name=\"orders\" tests=\"2\" failures=\""
                                + (fails ? 1 : 0) + "\" errors=\"0\" skipped=\"0\"><testcase classname=\"OrderTest\" name=\"totals\">"
                                + (fails ? "<failure message=\"expected 10\"/>" : "") + "</testcase>"
                                + "<testcase classname=\"OrderTest\" name=\"coupons\"/></testsuite>");
                        int lines = covered.getOrDefault(commit, 10);
                        Files.writeString(reports.resolve("jacoco.xml"), "<report name=\"orders\"><counter type=\"LINE\" missed=\""
                                + (10 - lines) + "\" covered=\"" + lines + "\"/></report>");
                    }
                    case "benchmark" -> Files.writeString(reports.resolve("jmh.json"), "[{\"benchmark\": \"orders.Bench.place\","
                            + " \"mode\": \"thrpt\", \"primaryMetric\": {\"score\": 1000.0, \"scoreUnit\": \"ops/ms\"}}]");
                    case "scan", "lint" -> Files.writeString(reports.resolve("noop.sarif"),
                            "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"noop\"}},\"results\":[]}]}");
                    default -> {
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ObjectNode document = Json.MAPPER.createObjectNode();
            ObjectNode build = document.putObject("Build");
            build.put("Id", "orders-" + variables.get("STAGE") + ":" + UUID.randomUUID()).put("BuildStatus", "SUCCEEDED");
            var exported = build.putArray("ExportedEnvironmentVariables");
            exported.addObject().put("Name", "IMAGE_URI").put("Value", "orders-service:" + runId);
            exported.addObject().put("Name", "IMAGE_DIGEST").put("Value", "sha256:" + "a".repeat(64));
            exported.addObject().put("Name", "IMAGE_SIZE_BYTES").put("Value", "1048576");
            return document;
        }
    }

    private void commit(String message) throws Exception {
        Files.writeString(clone.resolve("log.txt"), message + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        git(clone, "add", "log.txt");
        git(clone, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", message);
    }

}
