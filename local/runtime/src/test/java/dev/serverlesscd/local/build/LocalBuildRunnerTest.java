package dev.serverlesscd.local.build;

import static dev.serverlesscd.local.testing.Git.git;
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
        // (CodeBuild's message, then the last lines the phase printed: the gate names them, the log is a file here)
        assertThat(result.phase(PhaseType.BUILD).orElseThrow().contexts()).containsExactly(new PhaseContext("COMMAND_EXECUTION_ERROR",
                "Error while executing command: exit_code=3; sh -c \"exit $exit_code\". Reason: exit status 3\nLast lines of the log:\nfirst"));
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
    void run_shouldPutTheFailingCommandAndTheLastLinesItsPhasePrinted_inThePhasesContext() throws IOException {
        // GIVEN an install phase that prints, and a build phase that prints fifteen lines and then fails
        buildspec("""
                version: 0.2
                phases:
                  install:
                    commands:
                      - echo "installing"
                  build:
                    commands:
                      - for i in $(seq 1 15); do echo "line $i"; done
                      - 'echo "compilation failed: Missing.java" >&2; false'
                """);

        // WHEN
        BuildResult result = runner().run(request(Map.of()), streamed::add);

        // THEN the context names the command, then the last ten lines of this phase's output (none of the runner's own)
        String message = result.phase(PhaseType.BUILD).orElseThrow().contexts().get(0).message();
        assertThat(message.lines().toList()).containsExactly(
                "Error while executing command: echo \"compilation failed: Missing.java\" >&2; false. Reason: exit status 1",
                "Last lines of the log:", "line 7", "line 8", "line 9", "line 10", "line 11", "line 12", "line 13", "line 14",
                "line 15", "compilation failed: Missing.java");
        assertThat(streamed).noneMatch(line -> line.contains("Message: ") && line.contains("line 15"));
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
    void run_shouldExpandTheBuildspecsVariables_againstTheHostsEnvironment_asCodeBuildsShellDoes() throws IOException {
        // GIVEN a host whose MAVEN_OPTS holds a proxy setting, and a buildspec that extends it (and one that refers to
        // a variable declared before it, and one with characters the shell would otherwise interpret)
        buildspec("""
                version: 0.2
                env:
                  variables:
                    MAVEN_OPTS: "$MAVEN_OPTS -Xmx512m"
                    TOOLS: "${HOME}/tools"
                    TOOL_PATH: "$TOOLS/bin"
                    QUOTED: 'say "hi" `not run` \\ done'
                phases:
                  build:
                    commands:
                      - echo "opts=$MAVEN_OPTS"
                      - echo "path=$TOOL_PATH"
                      - echo "quoted=$QUOTED"
                """);
        LocalBuildRunner runner = new LocalBuildRunner(workspace, Clock.systemUTC(), Map.of("PATH", System.getenv("PATH"),
                "HOME", "/home/builder", "MAVEN_OPTS", "-Dhttps.proxyHost=proxy.example.com"));

        // WHEN
        BuildResult result = runner.run(request(Map.of()), streamed::add);

        // THEN the host's setting is kept, the buildspec's added after it
        assertThat(result.buildStatus()).as(String.join("\n", streamed)).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(streamed).contains("opts=-Dhttps.proxyHost=proxy.example.com -Xmx512m", "path=/home/builder/tools/bin",
                "quoted=say \"hi\" `not run` \\ done");
    }

    @Test
    void run_shouldTakeAStartBuildOverride_overTheBuildspecsValue_andExpandLaterValuesWithIt() throws IOException {
        // GIVEN a buildspec extending MAVEN_OPTS and naming TIER in another variable; the request overrides both
        buildspec("""
                version: 0.2
                env:
                  variables:
                    MAVEN_OPTS: "$MAVEN_OPTS -Xmx512m"
                    TIER: basic
                    LABEL: "tier-$TIER"
                phases:
                  build:
                    commands:
                      - echo "opts=$MAVEN_OPTS label=$LABEL"
                """);
        LocalBuildRunner runner = new LocalBuildRunner(workspace, Clock.systemUTC(), Map.of("PATH", System.getenv("PATH"),
                "MAVEN_OPTS", "-Dhost"));

        // WHEN
        runner.run(request(Map.of("MAVEN_OPTS", "-Xmx1g", "TIER", "full")), streamed::add);

        // THEN start-build's values win (CodeBuild: start build, then project, then buildspec)
        assertThat(streamed).contains("opts=-Xmx1g label=tier-full");
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
    void run_shouldCloneARepositoryAtTheCommit_withItsHistory_asCodeBuildsGitHubSourceDoes() throws Exception {
        // GIVEN a repository of two commits on main, the build asked for the second
        Path repo = source.resolve("service");
        Files.createDirectories(repo);
        Files.writeString(repo.resolve("buildspec.yml"), "version: 0.2\nphases:\n  build:\n    commands:\n"
                + "      - echo \"parent $(git rev-parse HEAD^1)\"\n      - echo \"default $(git symbolic-ref --short refs/remotes/origin/HEAD)\"\n");
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "one");
        String first = git(repo, "rev-parse", "HEAD");
        Files.writeString(repo.resolve("version.txt"), "two\n");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "two");
        String second = git(repo, "rev-parse", "HEAD");

        // WHEN
        BuildResult result = runner().run(new BuildRequest("orders-benchmark", repo, second, "buildspec.yml", Map.of(), null),
                streamed::add);

        // THEN the build sees the commit's parent and origin's default branch, as in CodeBuild's clone
        assertThat(result.buildStatus()).as(String.join("\n", streamed)).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(result.resolvedSourceVersion()).isEqualTo(second);
        assertThat(streamed).contains("parent " + first, "default origin/main");
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

}
