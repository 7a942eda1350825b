package dev.serverlesscd.functions.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.testing.AwsJsonStub;
import java.io.IOException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;

/** The real SDK's CodeBuild client against a stub of CodeBuild's JSON protocol. */
@Tag("unit")
class CodeBuildReportSourceTest {
    static final String TESTS = "arn:aws:codebuild:eu-west-1:123456789012:report/orders-unit-tests:r1";
    static final String COVERAGE = "arn:aws:codebuild:eu-west-1:123456789012:report/orders-coverage:r2";
    private AwsJsonStub stub;
    private CodeBuildClient codeBuild;

    @AfterEach
    void stop() {
        codeBuild.close();
        stub.close();
    }

    @Test
    void fetch_shouldCountTestCasesAndSumCoverageOverEveryPage() throws IOException {
        // GIVEN a build with a test report (two pages) and a coverage report (two pages)
        start(call -> switch (call.operation()) {
            case "BatchGetBuilds" -> AwsJsonStub.Answer.ok("{\"builds\":[{\"id\":\"orders-test:1\",\"reportArns\":[\""
                    + TESTS + "\",\"" + COVERAGE + "\"]}]}");
            case "BatchGetReports" -> AwsJsonStub.Answer.ok("{\"reports\":[" + report(TESTS, "TEST", "SUCCEEDED") + ","
                    + report(COVERAGE, "CODE_COVERAGE", "SUCCEEDED") + "]}");
            case "DescribeTestCases" -> call.body().contains("\"nextToken\":\"t2\"")
                    ? AwsJsonStub.Answer.ok("{\"testCases\":[" + testCase("com.example.orders.OrderParserTest", "rejectsBadSku()", "ERROR")
                            + "," + testCase("com.example.orders.OrderParserTest", "skipsNothing()", "SKIPPED") + "]}")
                    : AwsJsonStub.Answer.ok("{\"testCases\":[" + testCase("com.example.orders.PriceCalculatorTest", "roundsHalfUpToCents()", "FAILED")
                            + "," + testCase("com.example.orders.PriceCalculatorTest", "appliesCoupon()", "SUCCEEDED") + "],\"nextToken\":\"t2\"}");
            case "DescribeCodeCoverages" -> call.body().contains("\"nextToken\":\"c2\"")
                    ? AwsJsonStub.Answer.ok("{\"codeCoverages\":[{\"filePath\":\"B.java\",\"linesCovered\":7,\"linesMissed\":3}]}")
                    : AwsJsonStub.Answer.ok("{\"codeCoverages\":[{\"filePath\":\"A.java\",\"linesCovered\":100,\"linesMissed\":9}],\"nextToken\":\"c2\"}");
            default -> AwsJsonStub.Answer.error("InvalidInputException", "unexpected " + call.operation());
        });

        // WHEN
        CodeBuildReportSource.BuildReports reports = new CodeBuildReportSource(codeBuild).fetch("orders-test:1");

        // THEN
        assertThat(reports.tests()).isEqualTo(new TestReport(4, 2, 1,
                java.util.List.of("PriceCalculatorTest.roundsHalfUpToCents", "OrderParserTest.rejectsBadSku")));
        assertThat(reports.coverage()).isEqualTo(new CoverageReport(107, 12));
        assertThat(stub.calls.get(0).body()).contains("\"ids\":[\"orders-test:1\"]");
        assertThat(stub.calls).extracting(AwsJsonStub.Call::operation).containsExactly("BatchGetBuilds", "BatchGetReports",
                "DescribeTestCases", "DescribeTestCases", "DescribeCodeCoverages", "DescribeCodeCoverages");
    }

    @Test
    void fetch_shouldAnswerNoReports_forABuildWithoutReportGroups() throws IOException {
        // GIVEN
        start(call -> AwsJsonStub.Answer.ok("{\"builds\":[{\"id\":\"orders-scan:1\",\"reportArns\":[]}]}"));

        // WHEN
        CodeBuildReportSource.BuildReports reports = new CodeBuildReportSource(codeBuild).fetch("orders-scan:1");

        // THEN
        assertThat(reports.tests()).isNull();
        assertThat(reports.coverage()).isNull();
    }

    @Test
    void fetch_shouldFailClearly_forAnUnknownBuild() throws IOException {
        // GIVEN
        start(call -> AwsJsonStub.Answer.ok("{\"builds\":[],\"buildsNotFound\":[\"orders-test:9\"]}"));

        // WHEN / THEN
        assertThatThrownBy(() -> new CodeBuildReportSource(codeBuild).fetch("orders-test:9"))
                .isInstanceOf(ReportSourceException.class).hasMessage("CodeBuild knows no build orders-test:9");
    }

    @Test
    void fetch_shouldRefuseAReportCodeBuildIsStillGenerating() throws IOException {
        // GIVEN a test report that is not complete yet
        start(call -> switch (call.operation()) {
            case "BatchGetBuilds" -> AwsJsonStub.Answer.ok("{\"builds\":[{\"id\":\"orders-test:2\",\"reportArns\":[\""
                    + TESTS + "\"]}]}");
            case "BatchGetReports" -> AwsJsonStub.Answer.ok("{\"reports\":[" + report(TESTS, "TEST", "GENERATING") + "]}");
            default -> AwsJsonStub.Answer.error("InvalidInputException", "unexpected " + call.operation());
        });

        // WHEN / THEN its cases are not counted as if they were all
        assertThatThrownBy(() -> new CodeBuildReportSource(codeBuild).fetch("orders-test:2"))
                .isInstanceOf(ReportSourceException.class)
                .hasMessage("report orders-unit-tests of build orders-test:2 is GENERATING in CodeBuild, not SUCCEEDED");
    }

    @Test
    void fetch_shouldRefuseATruncatedReport() throws IOException {
        // GIVEN a report CodeBuild cut short at its limit of test cases
        start(call -> switch (call.operation()) {
            case "BatchGetBuilds" -> AwsJsonStub.Answer.ok("{\"builds\":[{\"id\":\"orders-test:3\",\"reportArns\":[\""
                    + TESTS + "\"]}]}");
            case "BatchGetReports" -> AwsJsonStub.Answer.ok("{\"reports\":[{\"arn\":\"" + TESTS
                    + "\",\"name\":\"orders-unit-tests\",\"type\":\"TEST\",\"status\":\"SUCCEEDED\",\"truncated\":true}]}");
            default -> AwsJsonStub.Answer.error("InvalidInputException", "unexpected " + call.operation());
        });

        // WHEN / THEN
        assertThatThrownBy(() -> new CodeBuildReportSource(codeBuild).fetch("orders-test:3"))
                .isInstanceOf(ReportSourceException.class)
                .hasMessage("report orders-unit-tests of build orders-test:3 was truncated by CodeBuild");
    }

    @Test
    void fetch_shouldFailClearly_whenCodeBuildRefusesTheCall() throws IOException {
        // GIVEN a role without codebuild:BatchGetBuilds
        start(call -> new AwsJsonStub.Answer(400, "{\"__type\":\"AccessDeniedException\",\"message\":\"not authorized to perform codebuild:BatchGetBuilds\"}"));

        // WHEN / THEN
        assertThatThrownBy(() -> new CodeBuildReportSource(codeBuild).fetch("orders-test:4"))
                .isInstanceOf(ReportSourceException.class)
                .hasMessageStartingWith("cannot read the CodeBuild reports of orders-test:4: not authorized to perform codebuild:BatchGetBuilds");
    }

    static String report(String arn, String type, String status) {
        return "{\"arn\":\"" + arn + "\",\"name\":\"" + arn.replaceAll(".*report/([^:]+):.*", "$1") + "\",\"type\":\""
                + type + "\",\"status\":\"" + status + "\"}";
    }

    private void start(Function<AwsJsonStub.Call, AwsJsonStub.Answer> answer) throws IOException {
        stub = new AwsJsonStub(answer);
        codeBuild = stub.client(CodeBuildClient.builder());
    }

    private static String testCase(String prefix, String name, String status) {
        return "{\"reportArn\":\"" + TESTS + "\",\"prefix\":\"" + prefix + "\",\"name\":\"" + name + "\",\"status\":\"" + status + "\"}";
    }
}
