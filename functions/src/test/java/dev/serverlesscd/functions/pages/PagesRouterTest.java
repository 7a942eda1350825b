package dev.serverlesscd.functions.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.approval.Approval;
import dev.serverlesscd.functions.approval.ApprovalStatus;
import dev.serverlesscd.functions.approval.Decision;
import dev.serverlesscd.functions.approval.DecisionRecord;
import dev.serverlesscd.functions.approval.DynamoDbApprovalStore;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.common.PipelineTable;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.RepositoryConfig;
import dev.serverlesscd.functions.deploy.DeploymentRecord;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.deploy.DeploymentStatus;
import dev.serverlesscd.functions.deploy.DynamoDbDeploymentHistory;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.run.StageRecord;
import dev.serverlesscd.functions.run.Trigger;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The pages and their JSON on DynamoDB Local, with records written through the stores as the pipeline writes them:
 * what each page shows, that everything printed is escaped, the headers, and the refusals.
 */
@Tag("dynamodb")
class PagesRouterTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final String REPOSITORY = "acme/orders-service";
    static final EnvironmentTarget STAGING = new EnvironmentTarget("staging", "orders-staging", "orders", "orders",
            "/health", 0, List.of());
    static final EnvironmentTarget PRODUCTION = new EnvironmentTarget("production", "orders-production", "orders",
            "orders", "/health", 1, List.of("lead@example.com"));
    static final DynamoDbRunStore RUNS = new DynamoDbRunStore(DB.client(), DB.tableName());
    static final DynamoDbDeploymentHistory DEPLOYMENTS = new DynamoDbDeploymentHistory(DB.client(), DB.tableName());
    static final DynamoDbApprovalStore APPROVALS = new DynamoDbApprovalStore(DB.client(), DB.tableName());
    static PagesRouter router;
    static PipelineConfig config;

    @BeforeAll
    static void record() throws Exception {
        Map<String, EnvironmentTarget> environments = new LinkedHashMap<>();
        environments.put("staging", STAGING);
        environments.put("production", PRODUCTION);
        config = new PipelineConfig(Map.of(), Map.of(REPOSITORY,
                new RepositoryConfig(REPOSITORY, environments, List.of(), List.of(), null)));
        router = new PagesRouter(new PagesService(RUNS, DEPLOYMENTS, APPROVALS, config,
                BuildLogLinks.localFiles(Path.of("/work/.pipeline")),
                Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC)));

        // a finished run of main: gates, staging, approval, production
        Run done = run("run-done", "refs/heads/main", "<script>alert(1)</script>", T0);
        RUNS.create(done);
        RUNS.markStarted(done.runId(), null, T0);
        RUNS.recordStage(new StageRecord(done.runId(), "test", "SUCCEEDED", "14 tests passed, coverage 86.0%",
                T0.plusSeconds(10), T0.plusSeconds(70)));
        RUNS.recordStage(new StageRecord(done.runId(), "scan", "WARN", "0 critical, 2 high (allowed: 3)",
                T0.plusSeconds(10), T0.plusSeconds(40)));
        RUNS.recordStage(new StageRecord(done.runId(), "gates", "WARN", "PASS with 1 warning", T0.plusSeconds(75),
                T0.plusSeconds(76)));
        deploy(done, STAGING, "sha256:" + "b".repeat(64), T0.plusSeconds(120), DeploymentStatus.SUCCEEDED);
        Approval approval = new Approval("ap-1", done.runId(), REPOSITORY, done.commit(), done.author(),
                List.of(), done.version(), PRODUCTION, null, null, ApprovalStatus.PENDING, T0.plusSeconds(200),
                T0.plusSeconds(86_600), List.of(), null, null, null, null);
        APPROVALS.create(approval, "token");
        APPROVALS.recordDecision(new DecisionRecord("ap-1", "lead@example.com", Decision.APPROVE, "looks good",
                T0.plusSeconds(500)));
        APPROVALS.end("ap-1", ApprovalStatus.APPROVED, null, T0.plusSeconds(500));
        deploy(done, PRODUCTION, "sha256:" + "b".repeat(64), T0.plusSeconds(600), DeploymentStatus.SUCCEEDED);
        RUNS.finish(done.runId(), RunStatus.SUCCEEDED, null, null, Json.MAPPER.readTree("""
                {"checks":[{"stage":"test","status":"SUCCEEDED","buildId":"pipeline-test:1234"}],
                 "gate":{"verdict":"WARN","reasons":[],"warnings":["scan: 2 high findings"]},
                 "deployments":[{"environment":"staging"},{"environment":"production"}]}"""), T0.plusSeconds(700));

        // a run of a feature branch still going
        Run going = run("run-going", "refs/heads/feature", "octocat", T0.plusSeconds(1000));
        RUNS.create(going);
        RUNS.markStarted(going.runId(), null, T0.plusSeconds(1000));
    }

    /** Another repository's runs, one per trigger, older than the ones above (the badges and metrics ignore them). */
    static final String TRIGGERED = "acme/billing";
    /** A pull request label as GitHub lets anyone write it: markup and an ANSI escape. */
    static final String HOSTILE_LABEL = "<script>alert(2)</script>\u001b[31mred";

    @BeforeAll
    static void recordOnePerTrigger() {
        Instant at = T0.minus(java.time.Duration.ofDays(1));
        RUNS.create(triggered("t-push", "push", "refs/heads/main", null, Trigger.push(false), at));
        RUNS.create(triggered("t-tag", "push", "refs/tags/v1.2.0", "v1.2.0", Trigger.push(true), at.plusSeconds(1)));
        RUNS.create(triggered("t-pr", "pull_request", "refs/heads/feature", null,
                Trigger.pullRequest("development", List.of("ready", HOSTILE_LABEL)), at.plusSeconds(2)));
        RUNS.create(triggered("t-schedule", "schedule", "refs/heads/main", null, Trigger.schedule("nightly"),
                at.plusSeconds(3)));
        RUNS.create(triggered("t-manual", "manual", "refs/heads/main", null, Trigger.manual("alice@example.com"),
                at.plusSeconds(4)));
        // a pull request's run as stored before runs had a trigger: without the attribute
        RUNS.create(triggered("t-old", "pull_request", "refs/heads/feature", null, null, at.plusSeconds(5)));
        DB.client().updateItem(UpdateItemRequest.builder()
                .tableName(DB.tableName())
                .key(Map.of(PipelineTable.PK, AttributeValue.fromS("RUN#t-old"),
                        PipelineTable.SK, AttributeValue.fromS("RUN")))
                .updateExpression("REMOVE #trigger")
                .expressionAttributeNames(Map.of("#trigger", "trigger"))
                .build());
    }

    static Run triggered(String runId, String event, String ref, String tag, Trigger trigger, Instant at) {
        String branch = tag == null ? ref.substring(11) : null;
        return new Run(runId, "d-" + runId, TRIGGERED, null, event, ref, branch, "main", tag,
                "6113728f27ae82c7b1a177c8d03f9e96e0adf246", null, "octocat", List.of(), "v-" + runId, "full", false,
                List.of(), RunStatus.RECEIVED, null, at, at, null, null, null, null, trigger);
    }

    @AfterAll
    static void stop() {
        DB.close();
    }

    static Run run(String runId, String ref, String author, Instant at) {
        return new Run(runId, "d-" + runId, REPOSITORY, null, "push", ref, ref.substring(11), "main", null,
                "6113728f27ae82c7b1a177c8d03f9e96e0adf246", null, author, List.of(), "v-" + runId, "full", true,
                List.of(STAGING, PRODUCTION), RunStatus.RECEIVED, null, at, at, null, null, null,
                at.minusSeconds(3600));
    }

    static void deploy(Run run, EnvironmentTarget target, String digest, Instant at, DeploymentStatus outcome) {
        DeploymentRef ref = new DeploymentRef(target.namespace(), target.deployment());
        String image = "registry/orders@" + digest;
        DEPLOYMENTS.record(new DeploymentRecord(ref, target.name(), run.runId(), DeploymentStatus.DEPLOYING, image,
                null, run.commit(), run.version(), null, null, at));
        DEPLOYMENTS.record(new DeploymentRecord(ref, target.name(), run.runId(), outcome, image, null, run.commit(),
                run.version(), null, null, at.plusSeconds(30)));
    }

    static PageResponse get(String path, Map<String, String> query) {
        return router.route("GET", path, query);
    }

    @Test
    void runs_shouldListTheRunsNewestFirst_withEverythingEscaped() {
        PageResponse page = get("/runs", Map.of());

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-run-id=\"run-going\"", "data-run-id=\"run-done\"")
                .contains("⏳ RUNNING", "✔ SUCCEEDED", "staging, production", "6113728")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert");
        assertThat(page.body().indexOf("run-going")).isLessThan(page.body().indexOf("run-done"));
        assertThat(page.headers()).containsEntry("X-Frame-Options", "DENY")
                .containsEntry("Cache-Control", "no-store")
                .containsEntry("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                        + "script-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; "
                        + "base-uri 'none'; frame-ancestors 'none'");
    }

    @Test
    void apiRuns_shouldFilterByStatus_andRefuseAStatusThatIsNotOne() throws Exception {
        JsonNode running = Json.MAPPER.readTree(get("/api/runs", Map.of("status", "RUNNING")).body());
        PageResponse bad = get("/api/runs", Map.of("status", "GREEN"));
        PageResponse cursor = get("/runs", Map.of("cursor", "garbage!"));

        assertThat(running.path("runs")).hasSize(1);
        assertThat(running.path("runs").get(0).path("run").path("runId").asText()).isEqualTo("run-going");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(bad.body()).path("message").asText()).startsWith("status must be one of [")
                .endsWith("(was 'GREEN')");
        assertThat(cursor.status()).isEqualTo(400);
        assertThat(cursor.body()).contains("cursor is not one this listing handed out");
    }

    @Test
    void run_shouldShowStagesOnATimeline_gateNumbers_approvals_deploymentsAndLogs() {
        PageResponse page = get("/run", Map.of("id", "run-done"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"timeline\"", "data-stage=\"test\"", "data-stage=\"scan\"")
                .contains("14 tests passed, coverage 86.0%", "0 critical, 2 high (allowed: 3)")
                .contains("scan: 2 high findings")
                .contains("lead@example.com: APPROVE", "looks good")
                .contains("file:///work/.pipeline/logs/pipeline-test/1234.log")
                .contains("✔ deployed")
                .doesNotContain("data-poll");
    }

    @Test
    void run_shouldPoll_whileTheRunGoesOn() {
        PageResponse page = get("/run", Map.of("id", "run-going"));

        assertThat(page.body()).contains("data-poll=\"/api/run?id=run-going\"", "data-version=\"RUNNING|");
    }

    @Test
    void run_shouldAnswer404_forAnUnknownRun_and400_withoutAnId() {
        assertThat(get("/run", Map.of("id", "run-nope")).status()).isEqualTo(404);
        assertThat(get("/api/run", Map.of()).status()).isEqualTo(400);
        assertThat(get("/api/run", Map.of()).body()).isEqualTo("{\"message\":\"id is required: /run?id=<run id>\"}");
        assertThat(get("/nowhere", Map.of()).status()).isEqualTo(404);
        assertThat(router.route("POST", "/runs", Map.of()).status()).isEqualTo(405);
    }

    @Test
    void run_shouldSayWhatStartedIt_forEachKindOfTrigger() {
        assertThat(startedBy("t-push")).isEqualTo("push to main");
        assertThat(startedBy("t-tag")).isEqualTo("tag v1.2.0");
        assertThat(startedBy("t-pr")).isEqualTo("pull request into development (labels: ready, "
                + "&lt;script&gt;alert(2)&lt;/script&gt;\u001b[31mred)");
        assertThat(startedBy("t-schedule")).isEqualTo("schedule nightly");
        assertThat(startedBy("t-manual")).isEqualTo("manual run requested by alice@example.com");
    }

    @Test
    void run_recordedWithoutATrigger_shouldSayWhatItsEventSays() throws Exception {
        JsonNode trigger = Json.MAPPER.readTree(get("/api/run", Map.of("id", "t-old")).body()).path("run")
                .path("trigger");

        assertThat(startedBy("t-old")).isEqualTo("pull request");
        assertThat(trigger.path("kind").asText()).isEqualTo("pull_request");
        assertThat(trigger.path("baseBranch").isNull()).isTrue();
        assertThat(trigger.path("labels")).isEmpty();
        assertThat(cell(get("/runs", Map.of("repository", TRIGGERED)).body(), "t-old")).isEqualTo("PR");
    }

    @Test
    void runs_shouldSayWhatStartedEachRun_inShort() {
        String body = get("/runs", Map.of("repository", TRIGGERED)).body();

        assertThat(body).contains("<th>Ref</th><th>Started by</th><th>Commit</th>");
        assertThat(cell(body, "t-push")).isEqualTo("push");
        assertThat(cell(body, "t-tag")).isEqualTo("tag");
        assertThat(cell(body, "t-pr")).isEqualTo("PR into development");
        assertThat(cell(body, "t-schedule")).isEqualTo("schedule nightly");
        assertThat(cell(body, "t-manual")).isEqualTo("manual by alice@example.com");
    }

    @Test
    void trigger_shouldBeEscapedOnThePages_andReadBackWholeInTheJson() throws Exception {
        String page = get("/run", Map.of("id", "t-pr")).body();
        PageResponse api = get("/api/run", Map.of("id", "t-pr"));
        JsonNode listed = Json.MAPPER.readTree(get("/api/runs", Map.of("repository", TRIGGERED)).body()).path("runs");

        assertThat(page).contains("&lt;script&gt;alert(2)&lt;/script&gt;").doesNotContain("<script>alert(2)");
        // the JSON carries the trigger as recorded; the JSON encoder writes the escape character escaped
        assertThat(api.body()).doesNotContain("\u001b").contains("\\u001B[31mred");
        JsonNode trigger = Json.MAPPER.readTree(api.body()).path("run").path("trigger");
        assertThat(trigger.path("kind").asText()).isEqualTo("pull_request");
        assertThat(trigger.path("baseBranch").asText()).isEqualTo("development");
        assertThat(trigger.path("labels").get(1).asText()).isEqualTo(HOSTILE_LABEL);
        assertThat(listed).extracting(r -> r.path("run").path("trigger").path("kind").asText())
                .containsExactly("pull_request", "manual", "schedule", "pull_request", "tag", "push");
        assertThat(listed.get(2).path("run").path("trigger").path("schedule").asText()).isEqualTo("nightly");
        assertThat(listed.get(1).path("run").path("trigger").path("requestedBy").asText())
                .isEqualTo("alice@example.com");
    }

    /** What the run's page says started it (as printed: escaped). */
    static String startedBy(String runId) {
        String body = get("/run", Map.of("id", runId)).body();
        String open = "<span id=\"started-by\">";
        int from = body.indexOf(open) + open.length();
        assertThat(from).isGreaterThanOrEqualTo(open.length());
        return body.substring(from, body.indexOf("</span>", from));
    }

    /** The "Started by" cell of a run's row on the runs page. */
    static String cell(String body, String runId) {
        int row = body.indexOf("data-run-id=\"" + runId + "\"");
        assertThat(row).isNotNegative();
        String open = "<td class=\"started-by\">";
        int from = body.indexOf(open, row) + open.length();
        return body.substring(from, body.indexOf("</td>", from));
    }

    @Test
    void environments_shouldShowTheLiveImage_andTheHistory() {
        PageResponse page = get("/environments", Map.of());

        assertThat(page.body()).contains("data-environment=\"staging\"", "data-environment=\"production\"")
                .contains("registry/orders@sha256:" + "b".repeat(64))
                .contains("v-run-done");
    }

    @Test
    void metrics_shouldShowTheFiguresOfTheWindow_andRefuseAWindowItCannotRead() {
        PageResponse page = get("/metrics", Map.of("environment", "production", "since", "7d"));
        PageResponse bad = get("/metrics", Map.of("since", "forever"));

        // one production deployment; lead time: first commit 09:00 to live 10:10:30
        assertThat(page.body()).contains("data-metric=\"deployment-frequency\"")
                .contains("1 (1.0 a week)")
                .contains("p50 1 h 10 min")
                .contains("0.0 % (0 of 1)")
                .contains("<svg");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("since must be a number and a unit");
    }

    @Test
    void badges_shouldSayOneWord_andNothingElse() {
        PageResponse main = get("/badges/branch.svg", Map.of("repository", REPOSITORY, "branch", "main"));
        PageResponse production = get("/badges/environment.svg",
                Map.of("repository", REPOSITORY, "environment", "production"));
        PageResponse unknown = get("/badges/branch.svg", Map.of("repository", "someone/else", "branch", "main"));

        assertThat(main.status()).isEqualTo(200);
        assertThat(main.headers()).containsEntry("Content-Type", "image/svg+xml")
                .containsEntry("Cache-Control", "public, max-age=60");
        assertThat(main.body()).contains("pipeline: passing").doesNotContain("run-done", "6113728", "script");
        assertThat(production.body()).contains("production: v-run-done");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("pipeline: unknown");
    }

    @Test
    void script_shouldBeServed_asJavaScript() {
        PageResponse script = get("/pages.js", Map.of());

        assertThat(script.headers()).containsEntry("Content-Type", "text/javascript; charset=utf-8");
        assertThat(script.body()).contains("data-poll");
    }

    @Test
    void signInShell_isServedOnlyWhenSetUp_echoesNothingOfTheCallback_andTheContentStaysWithTheRouter() {
        PagesRouter withShell = new PagesRouter(new PagesService(RUNS, DEPLOYMENTS, APPROVALS, config,
                BuildLogLinks.localFiles(Path.of("/work/.pipeline")), Clock.systemUTC()),
                SignInShell.of(SignInShellTest.COGNITO));

        PageResponse local = get("/pages/run", Map.of("id", "run-done"));
        PageResponse callback = withShell.route("GET", "/pages/callback",
                Map.of("code", "secret-code-123", "state", "state-456"));
        PageResponse posted = withShell.route("POST", "/pages/callback", Map.of());
        PageResponse content = withShell.route("GET", "/run", Map.of("id", "run-done"));

        assertThat(local.status()).isEqualTo(404);
        assertThat(local.body()).contains("There is no sign-in here: these pages need none. Open /run instead.");
        assertThat(callback.status()).isEqualTo(200);
        assertThat(callback.body()).doesNotContain("secret-code-123", "state-456", "run-done");
        assertThat(callback.headers().toString()).doesNotContain("secret-code-123", "state-456");
        assertThat(posted.status()).isEqualTo(405);
        assertThat(content.body()).contains("data-stage=\"test\"");
    }
}
