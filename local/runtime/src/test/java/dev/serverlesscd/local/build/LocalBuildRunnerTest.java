package dev.serverlesscd.local.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.local.build.BuildResult.BuildPhase;
import dev.serverlesscd.local.build.BuildResult.BuildStatus;
import dev.serverlesscd.local.build.BuildResult.ExportedVariable;
import dev.serverlesscd.local.build.BuildResult.PhaseContext;
import dev.serverlesscd.local.build.BuildResult.PhaseStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small buildspecs in temporary directories, run with /bin/sh. */
@Tag("unit")
class LocalBuildRunnerTest {
    @TempDir
    Path workspace;
    @TempDir
    Path source;

    final List<String> streamed = new CopyOnWriteArrayList<>();

    @Test
    void run_shouldCarryTheEnvironmentAndDirectoryAcrossPhases_andExportVariables() throws IOException {
        // GIVEN variables set in one phase, used in the next, a cd that carries, an exported variable
        buildspec("""
                version: 0.2
                env:
                  variables:
                    GREETING: hello
                  exported-variables:
                    - IMAGE_DIGEST
                phases:
                  install:
                    commands:
                      - mkdir -p sub && cd sub
                      - export FROM_INSTALL=yes
                  build:
                    commands:
                      - echo "in $(basename "$PWD") $GREETING $FROM_INSTALL $RUN_ID"
                      - IMAGE_DIGEST="sha256:abc"
                  post_build:
                    commands:
                      - echo "digest $IMAGE_DIGEST build $CODEBUILD_BUILD_ID succeeding $CODEBUILD_BUILD_SUCCEEDING"
                """);

        // WHEN
        BuildResult result = runner().run(request(Map.of("RUN_ID", "r-1", "STAGE", "test")), streamed::add);

        // THEN
        assertThat(result.buildStatus()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(result.currentPhase()).isEqualTo(PhaseType.COMPLETED);
        assertThat(result.id()).startsWith("orders-test:");
        assertThat(result.arn()).isEqualTo("arn:aws:codebuild:local:000000000000:build/" + result.id());
        assertThat(result.exportedEnvironmentVariables()).containsExactly(new ExportedVariable("IMAGE_DIGEST", "sha256:abc"));
        assertThat(streamed).contains("in sub hello yes r-1", "digest sha256:abc build " + result.id() + " succeeding 1");
        assertThat(Files.readAllLines(result.logFile())).isEqualTo(streamed);
        assertThat(result.phases()).extracting(BuildPhase::phaseType).containsExactly(
                PhaseType.SUBMITTED, PhaseType.QUEUED, PhaseType.PROVISIONING, PhaseType.DOWNLOAD_SOURCE, PhaseType.INSTALL,
                PhaseType.PRE_BUILD, PhaseType.BUILD, PhaseType.POST_BUILD, PhaseType.UPLOAD_ARTIFACTS, PhaseType.FINALIZING,
                PhaseType.COMPLETED);
        assertThat(result.logs().deepLink()).isEqualTo(result.logFile().toUri().toString());
    }

    @Test
    void run_shouldFailTheBuild_butStillRunPostBuildAndCollectReports_whenABuildCommandFails() throws IOException {
        // GIVEN a build phase whose second command fails, and reports written in post_build
        buildspec("""
                version: 0.2
                phases:
                  build:
                    commands:
                      - echo first
                      - exit_code=3; sh -c "exit $exit_code"
                      - echo never
                  post_build:
                    commands:
                      - mkdir -p reports/test && echo '<testsuite/>' > reports/test/TEST-a.xml
                      - echo "succeeding=$CODEBUILD_BUILD_SUCCEEDING"
                """);

        // WHEN
        BuildResult result = runner().run(request(Map.of("RUN_ID", "r-2", "STAGE", "test")), streamed::add);

        // THEN
        assertThat(result.buildStatus()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.phase(PhaseType.BUILD).orElseThrow().phaseStatus()).isEqualTo(PhaseStatus.FAILED);
        assertThat(result.phase(PhaseType.BUILD).orElseThrow().contexts()).containsExactly(new PhaseContext("COMMAND_EXECUTION_ERROR",
                "Error while executing command: exit_code=3; sh -c \"exit $exit_code\". Reason: exit status 3"));
        assertThat(result.phase(PhaseType.POST_BUILD).orElseThrow().phaseStatus()).isEqualTo(PhaseStatus.SUCCEEDED);
        assertThat(streamed).contains("first", "succeeding=0").doesNotContain("never");
        assertThat(workspace.resolve("runs/r-2/test/TEST-a.xml")).hasContent("<testsuite/>");
        assertThat(result.reportsDirectory()).isEqualTo(workspace.resolve("runs/r-2/test"));
    }

    @Test
    void run_shouldNameReportGroups_givenByAVariable_asTheBuildsEnvironmentSetsIt() throws IOException {
        // GIVEN report groups keyed by a variable (as on AWS), one set for this build and one not
        buildspec("""
                version: 0.2
                phases:
                  build:
                    commands:
                      - mkdir -p reports/test && echo '<testsuite/>' > reports/test/TEST-a.xml
                reports:
                  $TEST_REPORT_GROUP_ARN:
                    files: ["TEST-*.xml"]
                    base-directory: reports/test
                    file-format: JUNITXML
                  $COVERAGE_REPORT_GROUP_ARN:
                    files: [jacoco.xml]
                    base-directory: reports/test
                    file-format: JACOCOXML
                """);

        // WHEN
        runner().run(request(Map.of("RUN_ID", "r-9", "STAGE", "test",
                "TEST_REPORT_GROUP_ARN", "arn:aws:codebuild:local:000000000000:report-group/tests")), streamed::add);

        // THEN
        assertThat(streamed).anySatisfy(line -> assertThat(line)
                .endsWith("Report group arn:aws:codebuild:local:000000000000:report-group/tests (JUNITXML): 1 file(s)"));
        assertThat(streamed).anySatisfy(line -> assertThat(line)
                .endsWith("Report group $COVERAGE_REPORT_GROUP_ARN (not set locally) (JACOCOXML): 0 file(s)"));
    }

    @Test
    void run_shouldSkipToFinalizing_whenPreBuildFails() throws IOException {
        buildspec("""
                version: 0.2
                phases:
                  pre_build:
                    commands:
                      - "false"
                  build:
                    commands:
                      - echo building
                  post_build:
                    commands:
                      - echo after
                """);

        BuildResult result = runner().run(request(Map.of("RUN_ID", "r-3", "STAGE", "test")), streamed::add);

        assertThat(result.buildStatus()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.phases()).extracting(BuildPhase::phaseType)
                .contains(PhaseType.PRE_BUILD, PhaseType.FINALIZING)
                .doesNotContain(PhaseType.BUILD, PhaseType.POST_BUILD, PhaseType.UPLOAD_ARTIFACTS);
        assertThat(streamed).doesNotContain("building", "after");
    }

    @Test
    void run_shouldGoOnAfterAFailure_whenThePhaseSaysContinue_andRunFinallyAnyway() throws IOException {
        buildspec("""
                version: 0.2
                phases:
                  pre_build:
                    on-failure: CONTINUE
                    commands:
                      - "false"
                      - echo skipped
                    finally:
                      - echo cleanup
                  build:
                    commands:
                      - echo building
                """);

        BuildResult result = runner().run(request(Map.of()), streamed::add);

        assertThat(result.buildStatus()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.phase(PhaseType.BUILD).orElseThrow().phaseStatus()).isEqualTo(PhaseStatus.SUCCEEDED);
        assertThat(streamed).contains("cleanup", "building").doesNotContain("skipped");
    }

    @Test
    void run_shouldTimeOut_andKillTheShell() throws IOException {
        // GIVEN a build that sleeps far beyond its one-second limit
        buildspec("""
                version: 0.2
                phases:
                  build:
                    commands:
                      - sleep 60
                """);
        long started = System.nanoTime();

        // WHEN
        BuildResult result = runner().run(new BuildRequest("orders-test", source, null, "buildspec.yml", Map.of(), Duration.ofSeconds(1)));

        // THEN
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(result.buildStatus()).isEqualTo(BuildStatus.TIMED_OUT);
        assertThat(result.phase(PhaseType.BUILD).orElseThrow().phaseStatus()).isEqualTo(PhaseStatus.TIMED_OUT);
    }

    @Test
    void run_shouldLetTheRequestOverrideTheBuildspecsVariables() throws IOException {
        buildspec("""
                version: 0.2
                env:
                  variables:
                    TIER: basic
                phases:
                  build:
                    commands:
                      - echo "tier=$TIER fail=$FAIL_TESTS"
                """);

        runner().run(request(Map.of("TIER", "full", "FAIL_TESTS", "true")), streamed::add);

        assertThat(streamed).contains("tier=full fail=true");
    }

    @Test
    void run_shouldBuildTheCommit_notTheWorkingCopy_inAGitRepository() throws Exception {
        // GIVEN a repository whose service lives in a subdirectory; a change after the commit is not committed
        Path repo = source.resolve("repo");
        Path service = repo.resolve("service");
        Files.createDirectories(service);
        Files.writeString(service.resolve("version.txt"), "committed\n");
        Files.writeString(service.resolve("buildspec.yml"), "version: 0.2\nphases:\n  build:\n    commands:\n      - cat version.txt\n");
        git(repo, "init", "-q");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "one");
        String sha = git(repo, "rev-parse", "HEAD");
        Files.writeString(service.resolve("version.txt"), "uncommitted\n");

        // WHEN
        BuildResult result = runner().run(new BuildRequest("orders-test", service, "HEAD", "buildspec.yml", Map.of(), null), streamed::add);

        // THEN
        assertThat(result.buildStatus()).as(String.join("\n", streamed)).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(result.resolvedSourceVersion()).isEqualTo(sha);
        assertThat(streamed).contains("committed").doesNotContain("uncommitted");
    }

    @Test
    void run_shouldSayItBuiltTheWorkingCopy_whenTheSourceIsNotAGitRepository() throws IOException {
        buildspec("version: 0.2\nphases:\n  build:\n    commands:\n      - ls\n");

        BuildResult result = runner().run(new BuildRequest("orders-test", source, "abc123", "buildspec.yml", Map.of(), null), streamed::add);

        assertThat(result.buildStatus()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(result.resolvedSourceVersion()).isNull();
        assertThat(streamed).anySatisfy(line -> assertThat(line)
                .contains(source + " is not a git repository: building the working copy of " + source + ", not a commit"));
    }

    @Test
    void run_shouldFailInDownloadSource_whenTheBuildspecIsInvalid() throws IOException {
        buildspec("version: 0.2\nphases:\n  compile:\n    commands: [ls]\n");

        BuildResult result = runner().run(request(Map.of()));

        assertThat(result.buildStatus()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.phase(PhaseType.DOWNLOAD_SOURCE).orElseThrow().contexts()).containsExactly(new PhaseContext("YAML_FILE_ERROR",
                "buildspec.yml: unknown phase 'compile' (expected install, pre_build, build, post_build)"));
        assertThat(result.phase(PhaseType.BUILD)).isEmpty();
    }

    private LocalBuildRunner runner() {
        return new LocalBuildRunner(workspace, Clock.systemUTC(), Map.of("PATH", System.getenv("PATH"), "HOME", System.getProperty("user.home")));
    }

    private BuildRequest request(Map<String, String> environment) {
        return new BuildRequest("orders-test", source, null, "buildspec.yml", environment, Duration.ofMinutes(1));
    }

    private void buildspec(String yaml) throws IOException {
        Files.writeString(source.resolve("buildspec.yml"), yaml);
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes()).strip();
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }
}
