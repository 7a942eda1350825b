package dev.serverlesscd.functions.gate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Why a build failed, from the cause the codebuild:startBuild.sync integration fails its task with. */
@Tag("unit")
class BuildFailureTest {
    /** CodeBuild's build document for a build whose BUILD phase failed (as the .sync integration's cause). */
    static final String AWS_CAUSE = """
            {"Build":{"Id":"orders-test:1f0e","BuildStatus":"FAILED","CurrentPhase":"COMPLETED","Phases":[
              {"PhaseType":"SUBMITTED","PhaseStatus":"SUCCEEDED"},
              {"PhaseType":"DOWNLOAD_SOURCE","PhaseStatus":"SUCCEEDED","Contexts":[{"StatusCode":"","Message":""}]},
              {"PhaseType":"BUILD","PhaseStatus":"FAILED","Contexts":[{"StatusCode":"COMMAND_EXECUTION_ERROR",
                "Message":"Error while executing command: ./mvnw -B -ntp test. Reason: exit status 1"}]},
              {"PhaseType":"POST_BUILD","PhaseStatus":"SUCCEEDED"},
              {"PhaseType":"COMPLETED"}],
             "Logs":{"GroupName":"/aws/codebuild/orders-test","StreamName":"1f0e"}}}""";

    /** The local runner's document for a commit its source repository does not have. */
    static final String LOCAL_SOURCE_CAUSE = "{\"Build\":{\"Id\":\"pipeline-test:9a\",\"BuildStatus\":\"FAILED\",\"Phases\":["
            + "{\"PhaseType\":\"SUBMITTED\",\"PhaseStatus\":\"SUCCEEDED\",\"Contexts\":[]},"
            + "{\"PhaseType\":\"DOWNLOAD_SOURCE\",\"PhaseStatus\":\"FAILED\",\"Contexts\":[{\"StatusCode\":\"CLIENT_ERROR\","
            + "\"Message\":\"commit 6113728f27ae82c7b1a177c8d03f9e96e0adf246 is not in the repository of /work/sources/orders-service\"}]},"
            + "{\"PhaseType\":\"FINALIZING\",\"PhaseStatus\":\"SUCCEEDED\"},{\"PhaseType\":\"COMPLETED\",\"PhaseStatus\":null}]}}";

    @Test
    void parse_shouldNameTheFailingPhaseAndCodeBuildsReason() {
        BuildFailure failure = BuildFailure.parse(AWS_CAUSE).orElseThrow();

        assertThat(failure.phase()).isEqualTo("BUILD");
        assertThat(failure.statusCode()).isEqualTo("COMMAND_EXECUTION_ERROR");
        assertThat(failure.oneLine()).isEqualTo("FAILED in BUILD: Error while executing command: ./mvnw -B -ntp test. Reason: exit status 1");
    }

    @Test
    void parse_shouldReadTheSdksCamelCaseDocumentToo() {
        String camel = "{\"build\":{\"id\":\"b:1\",\"buildStatus\":\"FAILED\",\"phases\":[{\"phaseType\":\"INSTALL\","
                + "\"phaseStatus\":\"FAILED\",\"contexts\":[{\"statusCode\":\"COMMAND_EXECUTION_ERROR\",\"message\":\"Error while executing command: npm ci. Reason: exit status 1\"}]}]}}";

        assertThat(BuildFailure.parse(camel).orElseThrow().oneLine())
                .isEqualTo("FAILED in INSTALL: Error while executing command: npm ci. Reason: exit status 1");
    }

    @Test
    void parse_shouldSeparateTheLogsLastLines_theLocalRunnerAddsToTheMessage() {
        String cause = "{\"Build\":{\"BuildStatus\":\"FAILED\",\"Phases\":[{\"PhaseType\":\"BUILD\",\"PhaseStatus\":\"FAILED\","
                + "\"Contexts\":[{\"StatusCode\":\"COMMAND_EXECUTION_ERROR\",\"Message\":\"Error while executing command: make. Reason: exit status 2"
                + "\\nLast lines of the log:\\ncompiling a.c\\ncompiling b.c\\nb.c:3: error: expected ';'\\nmake: *** [b.o] Error 1\"}]}]}}";

        BuildFailure failure = BuildFailure.parse(cause).orElseThrow();

        assertThat(failure.reason()).isEqualTo("Error while executing command: make. Reason: exit status 2");
        assertThat(failure.logTail()).containsExactly("compiling a.c", "compiling b.c", "b.c:3: error: expected ';'", "make: *** [b.o] Error 1");
        assertThat(failure.oneLine()).isEqualTo("FAILED in BUILD: Error while executing command: make. Reason: exit status 2;"
                + " its log ended: \"compiling b.c\" / \"b.c:3: error: expected ';'\" / \"make: *** [b.o] Error 1\"");
        assertThat(failure.lines()).containsExactly("build FAILED in phase BUILD (COMMAND_EXECUTION_ERROR)",
                "  Error while executing command: make. Reason: exit status 2", "  Last lines of the log:", "    compiling a.c",
                "    compiling b.c", "    b.c:3: error: expected ';'", "    make: *** [b.o] Error 1");
    }

    @Test
    void parse_shouldAnswerNothing_forACauseThatIsNotABuildDocument() {
        assertThat(BuildFailure.parse("Build orders-test:42 failed in phase INSTALL")).isEmpty();
        assertThat(BuildFailure.parse("{\"errorMessage\": \"boom\"}")).isEmpty();
        assertThat(BuildFailure.parse("{not json")).isEmpty();
        assertThat(BuildFailure.parse(null)).isEmpty();
    }

    @Test
    void checkFailure_shouldSayWhyTheSourceCouldNotBeFetched_notQuoteTheDocument() {
        CheckResult check = new CheckResult("test", "FAILED", null, "States.TaskFailed", LOCAL_SOURCE_CAUSE);

        assertThat(check.failure()).isEqualTo("the build FAILED in DOWNLOAD_SOURCE: commit 6113728f27ae82c7b1a177c8d03f9e96e0adf246"
                + " is not in the repository of /work/sources/orders-service");
        assertThat(check.build()).isEqualTo("pipeline-test:9a");
        assertThat(List.of(check.failure())).noneMatch(text -> text.contains("{"));
    }
}
