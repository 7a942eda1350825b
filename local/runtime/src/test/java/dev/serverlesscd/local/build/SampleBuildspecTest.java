package dev.serverlesscd.local.build;

import static dev.serverlesscd.local.testing.Git.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.serverlesscd.functions.reports.CoverageReport;
import dev.serverlesscd.functions.reports.JUnitXmlParser;
import dev.serverlesscd.functions.reports.JaCoCoXmlParser;
import dev.serverlesscd.functions.reports.LocalReportSource;
import dev.serverlesscd.functions.reports.ReportFile;
import dev.serverlesscd.functions.reports.SarifParser;
import dev.serverlesscd.functions.reports.StageReports;
import dev.serverlesscd.functions.reports.TestReport;
import dev.serverlesscd.local.build.BuildResult.BuildStatus;
import dev.serverlesscd.local.build.BuildResult.PhaseStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's real buildspecs, run by the local runner from this repository at HEAD: Maven, Surefire and JaCoCo
 * really run (about half a minute), so there is one such test per buildspec that is cheap enough.
 */
@Tag("e2e")
class SampleBuildspecTest {
    @TempDir
    Path workspace;

    final List<String> streamed = new CopyOnWriteArrayList<>();

    @Test
    void testYml_shouldFailTheBuild_andStillLeaveTheReportsForTheGate_whenFailTestsIsSet() throws Exception {
        // GIVEN the sample at HEAD, its test stage with FAIL_TESTS=true
        BuildRequest request = new BuildRequest("orders-test", SampleService.directory(), "HEAD", "buildspecs/test.yml",
                Map.of("RUN_ID", "run-sample", "STAGE", "test", "TIER", "full", "COMMIT", "HEAD", "FAIL_TESTS", "true"),
                Duration.ofMinutes(10));

        // WHEN
        BuildResult result = new LocalBuildRunner(workspace, Clock.systemUTC(), System.getenv()).run(request, streamed::add);

        // THEN the build failed in BUILD on the check of the test results, post_build copied the reports
        String log = String.join("\n", streamed);
        assertThat(result.buildStatus()).as(log).isEqualTo(BuildStatus.FAILED);
        assertThat(result.phase(PhaseType.BUILD).orElseThrow().contexts().get(0).message())
                .startsWith("Error while executing command: ! grep -lE");
        assertThat(result.phase(PhaseType.POST_BUILD).orElseThrow().phaseStatus()).isEqualTo(PhaseStatus.SUCCEEDED);
        assertThat(result.resolvedSourceVersion()).matches("[0-9a-f]{40}");
        assertThat(log).contains("Tests run: 16, Failures: 1");

        // AND the reports where the gate reads them name the failed test and measure coverage
        StageReports reports = new LocalReportSource(workspace).fetch("run-sample", "test");
        List<TestReport> tests = new ArrayList<>();
        CoverageReport coverage = null;
        for (ReportFile file : reports.files()) {
            if (file.name().equals("jacoco.xml")) {
                coverage = new JaCoCoXmlParser().parse(file);
            } else {
                tests.add(new JUnitXmlParser().parse(file));
            }
        }
        TestReport merged = TestReport.merge(tests);
        assertThat(merged.total()).isEqualTo(16);
        assertThat(merged.failedTests()).containsExactly("PriceCalculatorTest.roundsHalfUpToCents");
        assertThat(coverage).isNotNull();
        assertThat(coverage.linePercent()).isGreaterThan(85.0);
    }

    @Test
    void benchmarkYml_shouldMeasureTheBaseCommitAndTheChangeAlternately_andNeverFailTheSameCode_evenWhileAnotherJmhHoldsTheHostsLock() throws Exception {
        // GIVEN the sample as a repository of its own, two commits that differ only in a note (the same code: the
        // pair differs only by the noise of this shared host)
        Path repo = workspace.resolve("sources/orders-service");
        copySample(repo);
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", "commit", "-qm", "one");
        String base = git(repo, "rev-parse", "HEAD");
        Files.createDirectories(repo.resolve("src/main/resources"));
        Files.writeString(repo.resolve("src/main/resources/release.txt"), "two\n");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", "commit", "-qm", "two");
        BuildRequest request = new BuildRequest("orders-benchmark", repo, "HEAD", "buildspecs/benchmark.yml",
                Map.of("RUN_ID", "run-sample", "STAGE", "benchmark", "TIER", "full", "BENCHMARK_ROUNDS", "3"),
                Duration.ofMinutes(10));

        // WHEN it runs while another JMH on this host holds JMH's lock (what JMH itself takes: java.io.tmpdir/jmh.lock),
        // as a second build or a developer's benchmark would
        BuildResult result;
        Path jmhLock = Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock");
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(jmhLock,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock held = channel.lock()) {
            result = new LocalBuildRunner(workspace, Clock.systemUTC(), System.getenv()).run(request, streamed::add);
        }

        // THEN it was not refused: both sides ran, alternately, one JMH JSON per side and round, the base named
        assertThat(result.buildStatus()).as(String.join("\n", streamed)).isEqualTo(BuildStatus.SUCCEEDED);
        StageReports reports = new LocalReportSource(workspace).fetch("run-sample", "benchmark");
        assertThat(reports.files()).extracting(ReportFile::path).containsExactlyInAnyOrder("paired/base.txt",
                "paired/base-1.json", "paired/head-1.json", "paired/base-2.json", "paired/head-2.json",
                "paired/base-3.json", "paired/head-3.json");
        assertThat(reports.matching(f -> f.name().equals("base.txt")).get(0).text()).isEqualTo(base + " first parent of HEAD\n");
        assertThat(String.join("\n", streamed)).containsSubsequence("round 1: base", "round 1: head", "round 2: head",
                "round 2: base", "round 3: base", "round 3: head");

        // AND the gate, comparing the same code with itself, never fails it
        dev.serverlesscd.functions.gate.StageJudgement judgement = new dev.serverlesscd.functions.gate.BenchmarkJudge()
                .judge(reports, dev.serverlesscd.functions.config.DefaultBranchModel.TIERS.get("full"),
                        new dev.serverlesscd.functions.gate.GateContext(new dev.serverlesscd.functions.gate.GateRequest(
                                "run-sample", "full", null, null, List.of()), dev.serverlesscd.functions.gate.Baselines.NONE,
                                java.time.Instant.now()));
        assertThat(judgement.reasons()).as(judgement.summary()).isEmpty();
        assertThat(judgement.summary()).contains("against base commit " + base.substring(0, 7));
    }

    @Test
    void scanYml_shouldWriteTheSecretScansSarif_andSayTrivyWasSkipped_whenItIsNotInstalled() throws Exception {
        // GIVEN the sample's scan stage
        BuildRequest request = new BuildRequest("orders-scan", SampleService.directory(), "HEAD", "buildspecs/scan.yml",
                Map.of("RUN_ID", "run-sample", "STAGE", "scan", "TIER", "full"), Duration.ofMinutes(10));
        boolean trivyInstalled = new ProcessBuilder("sh", "-c", "command -v trivy").start().waitFor() == 0;

        // WHEN
        BuildResult result = new LocalBuildRunner(workspace, Clock.systemUTC(), System.getenv()).run(request, streamed::add);

        // THEN the secret scan ran and found nothing in the sample; trivy ran or is reported skipped, never passed
        assertThat(result.buildStatus()).as(String.join("\n", streamed)).isEqualTo(BuildStatus.SUCCEEDED);
        StageReports reports = new LocalReportSource(workspace).fetch("run-sample", "scan");
        ReportFile secrets = reports.matching(f -> f.name().equals("secrets.sarif")).get(0);
        assertThat(new SarifParser().parse(secrets)).isEmpty();
        // SpotBugs analysed the compiled sample and found nothing
        ReportFile spotbugs = reports.matching(f -> f.name().equals("spotbugs.sarif")).get(0);
        assertThat(new String(spotbugs.content(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"name\":\"SpotBugs\"");
        assertThat(new SarifParser().parse(spotbugs)).isEmpty();
        if (trivyInstalled) {
            assertThat(reports.files()).extracting(ReportFile::name).contains("trivy.sarif");
        } else {
            assertThat(workspace.resolve("runs/run-sample/scan/trivy.skipped")).hasContent("skipped: trivy not installed");
        }
    }

    @Test
    void lintYml_shouldWriteTheCompilersAndCheckstylesSarif_withNoFindingInTheSample() throws Exception {
        // GIVEN the sample's lint stage
        BuildRequest request = new BuildRequest("orders-lint", SampleService.directory(), "HEAD", "buildspecs/lint.yml",
                Map.of("RUN_ID", "run-sample", "STAGE", "lint"), Duration.ofMinutes(10));

        // WHEN
        BuildResult result = new LocalBuildRunner(workspace, Clock.systemUTC(), System.getenv()).run(request, streamed::add);

        // THEN both linters ran over the sample and found nothing; Checkstyle's paths are relative to the source
        assertThat(result.buildStatus()).as(String.join("\n", streamed)).isEqualTo(BuildStatus.SUCCEEDED);
        StageReports reports = new LocalReportSource(workspace).fetch("run-sample", "lint");
        assertThat(reports.files()).extracting(ReportFile::name).contains("javac.sarif", "checkstyle.sarif");
        for (ReportFile sarif : reports.matching(f -> f.hasExtension("sarif"))) {
            assertThat(new SarifParser().parse(sarif)).as(sarif.name()).isEmpty();
        }
        String checkstyle = new String(reports.matching(f -> f.name().equals("checkstyle.sarif")).get(0).content(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(checkstyle).contains("\"name\": \"Checkstyle\"").doesNotContain("file:/");
    }

    @Test
    void scanYml_shouldSayTrivyCouldNotBeInstalled_andStillSucceed_whenTheDownloadFails() throws Exception {
        // GIVEN the scan stage as the AWS project runs it (TRIVY_VERSION set), its download base refusing connections
        assumeFalse(trivyOnPath(), "trivy is installed here: the install phase would not run");
        String base = TrivyReleaseServer.nothingListens();
        BuildRequest request = new BuildRequest("orders-scan", SampleService.directory(), "HEAD", "buildspecs/scan.yml",
                Map.of("RUN_ID", "run-sample", "STAGE", "scan", "TIER", "full",
                        "TRIVY_VERSION", TrivyReleaseServer.VERSION, "TRIVY_DOWNLOAD_BASE", base, "TRIVY_DOWNLOAD_TIMEOUT", "30"),
                Duration.ofMinutes(10));

        // WHEN
        BuildResult result = new LocalBuildRunner(workspace, Clock.systemUTC(), System.getenv()).run(request, streamed::add);

        // THEN the build went on: the secret scan ran, and trivy is reported skipped with the installer's reason
        assertThat(result.buildStatus()).as(String.join("\n", streamed)).isEqualTo(BuildStatus.SUCCEEDED);
        StageReports reports = new LocalReportSource(workspace).fetch("run-sample", "scan");
        assertThat(reports.files()).extracting(ReportFile::name).containsExactlyInAnyOrder("secrets.sarif", "spotbugs.sarif", "trivy.skipped");
        assertThat(Files.readString(workspace.resolve("runs/run-sample/scan/trivy.skipped")))
                .startsWith("skipped: trivy could not be installed: cannot download " + base + "/v0.58.1/"
                        + TrivyReleaseServer.CHECKSUMS + ": (7) ");
    }

    @Test
    void scanYml_shouldInstallTheVerifiedTrivy_andScanWithIt_whenTrivyVersionIsSet() throws Exception {
        // GIVEN a release whose trivy is a stand-in script (not Trivy) that writes an empty SARIF log where --output
        // says and reports its arguments and cache directory on stderr
        assumeFalse(trivyOnPath(), "trivy is installed here: the install phase would not run");
        try (TrivyReleaseServer server = new TrivyReleaseServer()) {
            server.release("""
                    #!/bin/sh
                    # stands in for trivy in a test
                    if [ "$1" = "--version" ]; then echo "Version: 0.58.1"; exit 0; fi
                    echo "stand-in trivy: $* (cache ${TRIVY_CACHE_DIR:-unset})" >&2
                    while [ $# -gt 0 ]; do
                      if [ "$1" = "--output" ]; then out=$2; fi
                      shift
                    done
                    printf '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"Trivy"}},"results":[]}]}' > "$out"
                    """, workspace.resolve("release"));
            BuildRequest request = new BuildRequest("orders-scan", SampleService.directory(), "HEAD", "buildspecs/scan.yml",
                    Map.of("RUN_ID", "run-sample", "STAGE", "scan", "TIER", "full",
                            "TRIVY_VERSION", TrivyReleaseServer.VERSION, "TRIVY_DOWNLOAD_BASE", server.base()),
                    Duration.ofMinutes(10));

            // WHEN
            BuildResult result = new LocalBuildRunner(workspace, Clock.systemUTC(), System.getenv()).run(request, streamed::add);

            // THEN install put it on PATH for build, which ran it over the source with its cache under .trivy/
            String log = String.join("\n", streamed);
            assertThat(result.buildStatus()).as(log).isEqualTo(BuildStatus.SUCCEEDED);
            assertThat(log).contains("installed trivy 0.58.1 in ", "/src/.trivy/bin (" + TrivyReleaseServer.TARBALL);
            assertThat(log).containsPattern("stand-in trivy: fs --skip-dirs \\.trivy --scanners vuln,misconfig --format sarif"
                    + " --output reports/scan/trivy\\.sarif \\. \\(cache /\\S+/src/\\.trivy/cache\\)");
            StageReports reports = new LocalReportSource(workspace).fetch("run-sample", "scan");
            assertThat(reports.files()).extracting(ReportFile::name).containsExactlyInAnyOrder("secrets.sarif", "spotbugs.sarif", "trivy.sarif");
            assertThat(new SarifParser().parse(reports.matching(f -> f.name().equals("trivy.sarif")).get(0))).isEmpty();
        }
    }

    @Test
    void scanYml_shouldSayTrivyFailed_andKeepNoPartialSarif_whenTrivyFails() throws Exception {
        // GIVEN a stand-in trivy first on PATH that starts its SARIF, then fails as trivy does without its DB
        Path fake = Files.createDirectories(workspace.resolve("fake-bin"));
        Files.writeString(fake.resolve("trivy"), """
                #!/bin/sh
                # stands in for trivy in a test: fails the way trivy does when it cannot download its DB
                while [ $# -gt 0 ]; do
                  if [ "$1" = "--output" ]; then printf '{"version":' > "$2"; fi
                  shift
                done
                printf 'INFO\\tNeed to update DB\\n' >&2
                printf 'FATAL\\tFatal error\\tinit error: DB error: failed to download vulnerability DB\\n' >&2
                exit 1
                """);
        Files.setPosixFilePermissions(fake.resolve("trivy"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> host = new java.util.HashMap<>(System.getenv());
        host.put("PATH", fake + ":" + System.getenv("PATH"));
        BuildRequest request = new BuildRequest("orders-scan", SampleService.directory(), "HEAD", "buildspecs/scan.yml",
                Map.of("RUN_ID", "run-sample", "STAGE", "scan", "TIER", "full"), Duration.ofMinutes(10));

        // WHEN
        BuildResult result = new LocalBuildRunner(workspace, Clock.systemUTC(), host).run(request, streamed::add);

        // THEN the stage says trivy failed and why, and leaves no half-written trivy.sarif for the gate
        assertThat(result.buildStatus()).as(String.join("\n", streamed)).isEqualTo(BuildStatus.SUCCEEDED);
        StageReports reports = new LocalReportSource(workspace).fetch("run-sample", "scan");
        assertThat(reports.files()).extracting(ReportFile::name).containsExactlyInAnyOrder("secrets.sarif", "spotbugs.sarif", "trivy.skipped");
        assertThat(workspace.resolve("runs/run-sample/scan/trivy.skipped"))
                .hasContent("skipped: trivy failed: FATAL Fatal error init error: DB error: failed to download vulnerability DB");
    }

    /** samples/orders-service without its build output, into {@code to}. */
    private static void copySample(Path to) throws java.io.IOException {
        Path from = SampleService.directory();
        try (java.util.stream.Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(path);
                String first = relative.getNameCount() == 0 ? "" : relative.getName(0).toString();
                if (first.equals("target") || first.equals("reports") || first.equals(".trivy")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }


    private static boolean trivyOnPath() throws Exception {
        return new ProcessBuilder("sh", "-c", "command -v trivy").start().waitFor() == 0;
    }

    @Test
    void buildYml_shouldFailBeforeBuilding_withECRsAnswer_whenTheRoleCannotLogInToTheRegistry() throws Exception {
        // GIVEN the AWS path (push to IMAGE_REPO) and an aws CLI that is refused the login, first on PATH
        Path fake = Files.createDirectories(workspace.resolve("fake-aws"));
        Files.writeString(fake.resolve("aws"), """
                #!/bin/sh
                # stands in for the aws CLI in a test: the build role lacks ecr:GetAuthorizationToken
                echo "An error occurred (AccessDeniedException) when calling the GetAuthorizationToken operation: denied" >&2
                exit 254
                """);
        Files.setPosixFilePermissions(fake.resolve("aws"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> host = new java.util.HashMap<>(System.getenv());
        host.put("PATH", fake + ":" + System.getenv("PATH"));
        String repository = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-service";
        BuildRequest request = new BuildRequest("orders-build", SampleService.directory(), "HEAD", "buildspecs/build.yml",
                Map.of("RUN_ID", "run-sample", "STAGE", "build", "COMMIT", "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
                        "VERSION", "main-6113728", "IMAGE_PUSH", "registry", "IMAGE_REPO", repository,
                        "AWS_REGION", "eu-west-1"), Duration.ofMinutes(10));

        // WHEN
        BuildResult result = new LocalBuildRunner(workspace, Clock.systemUTC(), host).run(request, streamed::add);

        // THEN the build fails with ECR's own answer, and Maven never started
        assertThat(result.buildStatus()).isEqualTo(BuildStatus.FAILED);
        assertThat(streamed).contains("cannot log in to ECR for " + repository + ": An error occurred "
                + "(AccessDeniedException) when calling the GetAuthorizationToken operation: denied");
        assertThat(streamed).noneSatisfy(line -> assertThat(line).startsWith("[INFO]"));
    }

    @Test
    void smokeYml_shouldSayItSkipped_whenThereIsNoServiceUrl() {
        // GIVEN no SERVICE_URL: the local cluster serves no traffic
        BuildRequest request = new BuildRequest("orders-smoke", SampleService.directory(), "HEAD", "buildspecs/smoke.yml",
                Map.of("RUN_ID", "run-sample", "STAGE", "smoke", "ENVIRONMENT", "staging"), Duration.ofMinutes(1));
        Map<String, String> host = new java.util.HashMap<>(System.getenv());
        host.remove("SERVICE_URL");

        // WHEN
        BuildResult result = new LocalBuildRunner(workspace, Clock.systemUTC(), host).run(request, streamed::add);

        // THEN it succeeded without claiming a check it did not make
        assertThat(result.buildStatus()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(workspace.resolve("runs/run-sample/smoke/skipped"))
                .hasContent("skipped: SERVICE_URL is not set (no reachable service for staging)");
    }
}
