package dev.serverlesscd.functions.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.config.DefaultBranchModel;
import dev.serverlesscd.functions.reports.CodeBuildReportSource;
import dev.serverlesscd.functions.reports.Fixtures;
import dev.serverlesscd.functions.testing.AwsJsonStub;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;

/**
 * The test stage on AWS: the gate reads what the test build published to its CodeBuild report groups (through the
 * real SDK client, against a stub of CodeBuild's JSON protocol) before the files it uploaded, and falls back to the
 * files, with a warning, when the report groups cannot be read.
 */
@Tag("dynamodb")
class GateReportGroupsTest extends GateFixture {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final String BUILD = "orders-test:5b1e7c2a";
    static final String TESTS = "arn:aws:codebuild:eu-west-1:123456789012:report/serverless-cd-test-reports:r1";
    static final String COVERAGE = "arn:aws:codebuild:eu-west-1:123456789012:report/serverless-cd-coverage:r2";

    private AwsJsonStub codeBuildApi;
    private CodeBuildClient codeBuild;

    @AfterEach
    void stopCodeBuild() {
        if (codeBuild != null) {
            codeBuild.close();
            codeBuildApi.close();
        }
    }

    GateReportGroupsTest() {
        super(DB);
    }

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void judge_shouldJudgeTheTestStage_byItsReportGroups_overTheFilesItUploaded() throws IOException {
        // GIVEN uploaded files that would pass, and report groups that hold a failed test and 70% line coverage
        Fixtures.copyTo(workspace, runId, "test", "passing");
        codeBuild(reportGroups(true, true));

        // WHEN
        GateResult result = gate().judge(request(new CheckResult("test", "FAILED", BUILD, "States.TaskFailed", "Build failed")));

        // THEN the verdict carries the report groups' numbers
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.reasons()).containsExactly(
                "test: 1 of 3 tests failed: PriceCalculatorTest.roundsHalfUpToCents",
                "test: line coverage 70.0% is below the minimum of 85.0% for tier full");
        assertThat(codeBuildApi.calls.get(0).body()).contains("\"ids\":[\"" + BUILD + "\"]");
        assertThat(codeBuildApi.calls).extracting(AwsJsonStub.Call::operation)
                .containsExactly("BatchGetBuilds", "BatchGetReports", "DescribeTestCases", "DescribeCodeCoverages");
    }

    @Test
    void judge_shouldPass_onReportGroupsAlone_whenTheBuildUploadedNoFiles() throws IOException {
        // GIVEN report groups with every test passing and 90% coverage, and nothing in the reports bucket
        codeBuild(reportGroups(false, true));

        // WHEN
        GateResult result = gate().judge(request(succeeded()));

        // THEN
        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.stages()).containsExactly(new StageVerdict("test", Verdict.PASS,
                "2 of 2 tests passed; line coverage 90.0% (minimum 85.0%); coverage drop: no baseline yet (first run of main)"));
    }

    @Test
    void judge_shouldReadTheCoverageFile_whenTheReportGroupsHoldOnlyTestCases() throws IOException {
        // GIVEN a buildspec that publishes only its JUnit report to a report group, and uploads jacoco.xml (89.9%)
        Fixtures.copyTo(workspace, runId, "test", "passing");
        codeBuild(reportGroups(false, false));

        // WHEN
        GateResult result = gate().judge(request(succeeded()));

        // THEN the test cases come from the report group, the coverage from the file
        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.stages().get(0).summary())
                .startsWith("2 of 2 tests passed; line coverage 89.9% (minimum 85.0%)");
    }

    @Test
    void judge_shouldJudgeTheFilesAndWarn_whenTheReportGroupsCannotBeRead() throws IOException {
        // GIVEN a gate role without codebuild:BatchGetBuilds, and the uploaded files
        Fixtures.copyTo(workspace, runId, "test", "passing");
        codeBuild(call -> AwsJsonStub.Answer.error("AccessDeniedException", "not authorized to perform codebuild:BatchGetBuilds"));

        // WHEN
        GateResult result = gate().judge(request(succeeded()));

        // THEN the files decide, and the run's summary says what was not read
        assertThat(result.verdict()).isEqualTo(Verdict.WARN);
        assertThat(result.warnings()).singleElement().asString()
                .startsWith("test: judged from the files under " + workspace.toAbsolutePath().normalize()
                        .resolve("runs").resolve(runId).resolve("test") + "/ because the build's report groups could not be read: "
                        + "cannot read the CodeBuild reports of " + BUILD + ": not authorized to perform codebuild:BatchGetBuilds");
        assertThat(result.stages().get(0).summary()).contains("16 of 16 tests passed");
    }

    @Test
    void judge_shouldError_whenNeitherTheFilesNorTheReportGroupsCanBeRead() throws IOException {
        // GIVEN no files, and report groups that cannot be read
        codeBuild(call -> AwsJsonStub.Answer.error("AccessDeniedException", "not authorized"));

        // WHEN
        GateResult result = gate().judge(request(succeeded()));

        // THEN
        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.reasons()).singleElement().asString()
                .startsWith("test: error: test reports missing: the build succeeded but wrote none to ")
                .contains("; its report groups could not be read either: cannot read the CodeBuild reports of " + BUILD);
    }

    @Test
    void judge_shouldReadTheReportGroupsOfAFailedBuild_foundInTheCauseTheStateMachinePassedOn() throws IOException {
        // GIVEN a test build that ran and failed: the Catch passes no buildId, its cause is the build document
        codeBuild(reportGroups(true, true));
        String cause = "{\"Build\":{\"Id\":\"" + BUILD + "\",\"BuildStatus\":\"FAILED\",\"CurrentPhase\":\"COMPLETED\"}}";

        // WHEN
        GateResult result = gate().judge(request(new CheckResult("test", "FAILED", null, "States.TaskFailed", cause)));

        // THEN the failed test is named from the report group
        assertThat(result.reasons()).contains("test: 1 of 3 tests failed: PriceCalculatorTest.roundsHalfUpToCents");
        assertThat(codeBuildApi.calls.get(0).body()).contains("\"ids\":[\"" + BUILD + "\"]");
    }

    @Test
    void judge_shouldNotAskCodeBuild_forABuildThatNeverStarted_norForStagesWithoutReportGroups() throws IOException {
        // GIVEN a test build that failed to start (no build id) and a lint stage with its SARIF
        Fixtures.copyTo(workspace, runId, "test", "passing");
        Fixtures.copyTo(workspace, runId, "lint", "lint-clean");
        codeBuild(reportGroups(true, true));

        // WHEN
        gate().judge(request(new CheckResult("test", "FAILED", null, "CodeBuild.AccountLimitExceededException", "limit"),
                new CheckResult("lint", "SUCCEEDED", "orders-lint:77", null, null)));

        // THEN
        assertThat(codeBuildApi.calls).isEmpty();
    }

    private GateService gate() {
        return gateOnLocalReports(DefaultBranchModel.TIERS).reportGroups(new CodeBuildReportSource(codeBuild)).build();
    }

    private GateRequest request(CheckResult... checks) {
        return new GateRequest(runId, "full", "acme/orders-service", "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
                List.of(checks));
    }

    private static CheckResult succeeded() {
        return new CheckResult("test", "SUCCEEDED", BUILD, null, null);
    }

    /**
     * A test build with a test report (three cases, one failed, when {@code failing}; else two that pass) and, when
     * {@code withCoverage}, a coverage report (70 of 100 lines when failing, else 90 of 100).
     */
    private static Function<AwsJsonStub.Call, AwsJsonStub.Answer> reportGroups(boolean failing, boolean withCoverage) {
        String arns = "\"" + TESTS + "\"" + (withCoverage ? ",\"" + COVERAGE + "\"" : "");
        return call -> switch (call.operation()) {
            case "BatchGetBuilds" -> AwsJsonStub.Answer.ok("{\"builds\":[{\"id\":\"" + BUILD + "\",\"reportArns\":[" + arns + "]}]}");
            case "BatchGetReports" -> AwsJsonStub.Answer.ok("{\"reports\":[" + report(TESTS, "TEST")
                    + (withCoverage ? "," + report(COVERAGE, "CODE_COVERAGE") : "") + "]}");
            case "DescribeTestCases" -> AwsJsonStub.Answer.ok("{\"testCases\":["
                    + testCase("OrderParserTest", "parsesAnOrder()", "SUCCEEDED") + ","
                    + testCase("PriceCalculatorTest", "appliesCoupon()", "SUCCEEDED")
                    + (failing ? "," + testCase("PriceCalculatorTest", "roundsHalfUpToCents()", "FAILED") : "") + "]}");
            case "DescribeCodeCoverages" -> AwsJsonStub.Answer.ok("{\"codeCoverages\":[{\"filePath\":\"PriceCalculator.java\","
                    + "\"linesCovered\":" + (failing ? 70 : 90) + ",\"linesMissed\":" + (failing ? 30 : 10) + "}]}");
            default -> AwsJsonStub.Answer.error("InvalidInputException", "unexpected " + call.operation());
        };
    }

    private static String report(String arn, String type) {
        return "{\"arn\":\"" + arn + "\",\"name\":\"" + type.toLowerCase() + "\",\"type\":\"" + type + "\",\"status\":\"SUCCEEDED\"}";
    }

    private static String testCase(String simpleClass, String method, String status) {
        return "{\"reportArn\":\"" + TESTS + "\",\"prefix\":\"com.example.orders." + simpleClass + "\",\"name\":\"" + method
                + "\",\"status\":\"" + status + "\"}";
    }

    private void codeBuild(Function<AwsJsonStub.Call, AwsJsonStub.Answer> answer) throws IOException {
        codeBuildApi = new AwsJsonStub(answer);
        codeBuild = codeBuildApi.client(CodeBuildClient.builder());
    }
}
