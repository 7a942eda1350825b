package dev.serverlesscd.local.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.serverlesscd.functions.approval.DynamoDbApprovalStore;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.deploy.DeploymentRecord;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.deploy.DeploymentStatus;
import dev.serverlesscd.functions.deploy.DynamoDbDeploymentHistory;
import dev.serverlesscd.functions.lambda.PagesHandler;
import dev.serverlesscd.functions.pages.BuildLogLinks;
import dev.serverlesscd.functions.pages.Durations;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.run.StageRecord;
import dev.serverlesscd.functions.wiring.GivenPorts;
import dev.serverlesscd.local.runtime.LocalDynamoDb;
import dev.serverlesscd.local.runtime.LocalHttpApi;
import dev.serverlesscd.local.runtime.LocalPipeline;
import dev.serverlesscd.local.runtime.RepositoryRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The run pages in headless Chromium, served on 127.0.0.1 by the local HTTP API through the same handler and routes
 * as {@code pipeline local serve} ({@code LocalPipeline.pagePaths()}), over DynamoDB Local. The runs are recorded
 * directly through the stores, as the pipeline records them (no real build is what is tested here). Each test writes
 * a screenshot to target/screenshots/; docs/images/ holds one of each page.
 */
@Tag("e2e")
@ExtendWith(ChromiumAvailable.class)
class PagesBrowserTest {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String REPOSITORY = "acme/orders-service";
    static final String IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders@sha256:"
            + "4f1c0e2d9a7b3c5e8f6a1d2b4c6e8f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e";
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    static LocalDynamoDb db;
    static LocalHttpApi http;
    static WebDriver browser;
    static DynamoDbRunStore runs;
    static DynamoDbDeploymentHistory deployments;
    static PipelineConfig config;
    static Path userData;

    @BeforeAll
    static void serve() throws Exception {
        db = LocalDynamoDb.start(null);
        runs = new DynamoDbRunStore(db.client(), db.tableName());
        deployments = new DynamoDbDeploymentHistory(db.client(), db.tableName());
        config = PipelineConfigLoader.load(RepositoryRoot.find().resolve("samples/pipeline-config.yml"));
        PagesHandler pages = new PagesHandler(GivenPorts.builder()
                .clock(Clock.systemUTC())
                .pipelineConfig(config)
                .runs(runs)
                .deployments(deployments)
                .approvals(new DynamoDbApprovalStore(db.client(), db.tableName()))
                .build(), BuildLogLinks.localFiles(Path.of("target")));
        Map<String, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> routes = new HashMap<>();
        for (String path : LocalPipeline.pagePaths()) {
            routes.put("GET " + path, event -> pages.handleRequest(event, null));
        }
        http = LocalHttpApi.start(0, routes);
        record();

        userData = Files.createTempDirectory("chromium-profile");
        browser = HeadlessChromium.start(userData);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (http != null) {
            http.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /**
     * Three runs of main, two days apart, as the demo makes them: run-1 and run-3 went live in staging and
     * production; run-2 failed its tests at the gates. In production run-1 went live 3 h 20 min after its first
     * commit and run-3 2 h 5 min after its own. Plus a run still going (its page is watched below).
     */
    static void record() {
        Instant t1 = NOW.minus(6, ChronoUnit.DAYS);
        Instant t2 = NOW.minus(4, ChronoUnit.DAYS);
        Instant t3 = NOW.minus(2, ChronoUnit.DAYS);
        finished("run-1", t1, t1.minusSeconds(3 * 3600), RunStatus.SUCCEEDED, null, null);
        finished("run-2", t2, t2.minusSeconds(600), RunStatus.FAILED, "Gates.FAIL", "test: 1 of 14 tests failed: "
                + "OrderTotalsTest.appliesDiscount");
        finished("run-3", t3, t3.minusSeconds(7200 - 300), RunStatus.SUCCEEDED, null, null);
        deploy("run-1", "staging", t1.plusSeconds(300), "v1.0.0");
        deploy("run-1", "production", t1.plusSeconds(1200 - 30), "v1.0.0");
        deploy("run-3", "staging", t3.plusSeconds(300), "v1.1.0");
        deploy("run-3", "production", t3.plusSeconds(600 - 30), "v1.1.0");
        Run going = run("run-4", NOW.minusSeconds(30), NOW.minusSeconds(3600));
        runs.create(going);
        runs.markStarted(going.runId(), null, going.createdAt());
    }

    static Run run(String runId, Instant at, Instant firstCommit) {
        List<EnvironmentTarget> environments = List.copyOf(config.repository(REPOSITORY).orElseThrow()
                .environments().values());
        return new Run(runId, "d-" + runId, REPOSITORY, null, "push", "refs/heads/main", "main", "main", null,
                "3f2c1a9" + "0".repeat(33), null, "octocat", List.of(), "main-" + runId, "full", true, environments,
                RunStatus.RECEIVED, null, at, at, null, null, null, firstCommit);
    }

    static void finished(String runId, Instant at, Instant firstCommit, RunStatus status, String error, String cause) {
        Run run = run(runId, at, firstCommit);
        runs.create(run);
        runs.markStarted(runId, null, at);
        runs.recordStage(new StageRecord(runId, "test", error == null ? "SUCCEEDED" : "FAILED",
                error == null ? "14 tests passed, line coverage 86.0% (min 80.0%)" : "1 of 14 tests failed",
                at.plusSeconds(5), at.plusSeconds(65)));
        runs.recordStage(new StageRecord(runId, "scan", "WARN", "0 critical, 2 high (max 3), 5 medium",
                at.plusSeconds(5), at.plusSeconds(45)));
        runs.recordStage(new StageRecord(runId, "lint", "SUCCEEDED", "0 errors, 3 warnings", at.plusSeconds(5),
                at.plusSeconds(25)));
        runs.recordStage(new StageRecord(runId, "gates", error == null ? "WARN" : "FAILED",
                error == null ? "PASS with 1 warning" : cause, at.plusSeconds(66), at.plusSeconds(67)));
        runs.finish(runId, status, error, cause, null, at.plusSeconds(error == null ? 620 : 70));
    }

    static void deploy(String runId, String environment, Instant start, String version) {
        EnvironmentTarget target = config.repository(REPOSITORY).orElseThrow().environments().get(environment);
        DeploymentRef ref = new DeploymentRef(target.namespace(), target.deployment());
        deployments.record(new DeploymentRecord(ref, environment, runId, DeploymentStatus.DEPLOYING, IMAGE + runId.charAt(4),
                null, null, version, null, null, start));
        deployments.record(new DeploymentRecord(ref, environment, runId, DeploymentStatus.SUCCEEDED, IMAGE + runId.charAt(4),
                null, null, version, null, null, start.plusSeconds(30)));
    }

    static void open(String path) {
        browser.get(http.endpoint() + path);
    }

    static void screenshot(String name) throws Exception {
        HeadlessChromium.screenshot(browser, name);
    }

    @Test
    void runsPage_listsTheRuns_newestFirst() throws Exception {
        open("/runs");

        List<String> ids = browser.findElements(By.cssSelector("#runs tr.run")).stream()
                .map(row -> row.getAttribute("data-run-id")).toList();
        assertThat(ids).containsExactly("run-4", "run-3", "run-2", "run-1");
        assertThat(browser.findElement(By.cssSelector("tr[data-run-id='run-2']")).getText()).contains("FAILED");
        assertThat(browser.findElement(By.cssSelector("tr[data-run-id='run-3']")).getText())
                .contains("SUCCEEDED", "3f2c1a9");
        screenshot("runs");
    }

    @Test
    void runPage_showsItsStagesOnATimeline_withTheGateNumbers() throws Exception {
        open("/run?id=run-1");

        assertThat(browser.findElements(By.cssSelector("#timeline .lane"))).hasSize(4);
        assertThat(browser.findElement(By.cssSelector("tr.stage[data-stage='test'] .numbers")).getText())
                .isEqualTo("14 tests passed, line coverage 86.0% (min 80.0%)");
        assertThat(browser.findElement(By.cssSelector("tr.stage[data-stage='scan'] .numbers")).getText())
                .isEqualTo("0 critical, 2 high (max 3), 5 medium");
        assertThat(browser.findElement(By.cssSelector("table.deployments")).getText()).contains("staging",
                "production", "v1.0.0");
        screenshot("run");
    }

    @Test
    void environmentsPage_showsTheLiveImage() throws Exception {
        open("/environments");

        WebElement production = browser.findElement(By.cssSelector(
                "section.environment[data-environment='production']"));
        assertThat(production.findElement(By.cssSelector("code.image")).getText()).isEqualTo(IMAGE + "3");
        assertThat(production.getText()).contains("v1.1.0", "v1.0.0");
        screenshot("environments");
    }

    @Test
    void metricsPage_showsTheFiguresTheRecordsGive() throws Exception {
        // the figures, computed here from the records above: two production deployments in the window, none failed;
        // lead times first commit -> live: run-1 3 h + 20 min, run-3 1 h 55 min + 10 min
        Duration run1 = Duration.ofHours(3).plusMinutes(20);
        Duration run3 = Duration.ofMinutes(115 + 10);
        Duration p50 = run1.compareTo(run3) < 0 ? run1 : run3;
        Duration p90 = run1.compareTo(run3) < 0 ? run3 : run1;

        open("/metrics?repository=acme%2Forders-service&environment=production&since=30d");

        WebElement section = browser.findElement(By.cssSelector("section.metrics[data-environment='production']"));
        assertThat(section.findElement(By.cssSelector("[data-metric='deployment-frequency'] .value")).getText())
                .isEqualTo("2 (0.5 a week)");
        assertThat(section.findElement(By.cssSelector("[data-metric='lead-time'] .value")).getText())
                .isEqualTo("p50 " + Durations.format(p50) + ", p90 " + Durations.format(p90));
        assertThat(section.findElement(By.cssSelector("[data-metric='change-fail-rate'] .value")).getText())
                .isEqualTo("0.0 % (0 of 2)");
        assertThat(section.findElements(By.cssSelector("svg g.week"))).hasSize(5);
        assertThat(section.getText()).contains("OrderTotalsTest.appliesDiscount");
        screenshot("metrics");
    }

    @Test
    void aRunningRunsPage_updatesItself_withoutAReload() throws Exception {
        open("/run?id=run-4");
        assertThat(browser.findElement(By.cssSelector("h1")).getText()).contains("RUNNING");
        ((JavascriptExecutor) browser).executeScript("window.__sameDocument = 'yes';");

        // WHEN the run records a stage and finishes, as RecordOutcome does
        runs.recordStage(new StageRecord("run-4", "test", "SUCCEEDED", "14 tests passed, line coverage 86.0% (min 80.0%)",
                NOW.minusSeconds(20), NOW.minusSeconds(5)));
        runs.finish("run-4", RunStatus.SUCCEEDED, null, null, null, Instant.now());

        // THEN the open page shows it within a few polls, in the same document
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(b ->
                b.findElement(By.cssSelector("h1")).getText().contains("SUCCEEDED"));
        assertThat(browser.findElement(By.cssSelector("tr.stage[data-stage='test'] .numbers")).getText())
                .contains("14 tests passed");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__sameDocument;")).isEqualTo("yes");
        assertThat(browser.findElements(By.cssSelector("main[data-poll]"))).isEmpty();
        screenshot("run-updated");
    }
}
