package dev.serverlesscd.functions.reports;

import dev.serverlesscd.functions.common.AwsClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.BatchGetBuildsResponse;
import software.amazon.awssdk.services.codebuild.model.BatchGetReportsResponse;
import software.amazon.awssdk.services.codebuild.model.CodeCoverage;
import software.amazon.awssdk.services.codebuild.model.DescribeCodeCoveragesResponse;
import software.amazon.awssdk.services.codebuild.model.DescribeTestCasesResponse;
import software.amazon.awssdk.services.codebuild.model.Report;
import software.amazon.awssdk.services.codebuild.model.ReportStatusType;
import software.amazon.awssdk.services.codebuild.model.ReportType;
import software.amazon.awssdk.services.codebuild.model.TestCase;

/**
 * A check build's CodeBuild report groups: {@code BatchGetBuilds} for its {@code reportArns}, {@code BatchGetReports}
 * for each report's type, then for TEST reports every page of {@code DescribeTestCases} (failed and errored cases
 * named {@code Class.method}, as {@link JUnitXmlParser} names them) and for CODE_COVERAGE reports every page of
 * {@code DescribeCodeCoverages} (lines covered and missed summed over the files).
 */
public final class CodeBuildReportSource implements ReportGroups {
    private final CodeBuildClient codeBuild;

    public CodeBuildReportSource(CodeBuildClient codeBuild) {
        this.codeBuild = Objects.requireNonNull(codeBuild, "CodeBuild client is not specified");
    }

    public static CodeBuildReportSource create() {
        return new CodeBuildReportSource(AwsClients.codeBuild());
    }

    /**
     * @throws ReportSourceException when the build or its reports cannot be read, or a report is not complete
     *     (CodeBuild still generating it, or unable to parse the file the build named)
     */
    @Override
    public BuildReports fetch(String buildId) {
        try {
            BatchGetBuildsResponse builds = codeBuild.batchGetBuilds(b -> b.ids(buildId));
            if (builds.builds().isEmpty()) {
                throw new ReportSourceException("CodeBuild knows no build " + buildId, null);
            }
            List<String> arns = builds.builds().get(0).reportArns();
            if (arns.isEmpty()) {
                return new BuildReports(buildId, null, null);
            }
            BatchGetReportsResponse reports = codeBuild.batchGetReports(r -> r.reportArns(arns));
            List<TestReport> tests = new ArrayList<>();
            long covered = 0;
            long missed = 0;
            boolean coverage = false;
            for (Report report : reports.reports()) {
                requireComplete(buildId, report);
                if (report.type() == ReportType.TEST) {
                    tests.add(testCases(report.arn()));
                } else if (report.type() == ReportType.CODE_COVERAGE) {
                    coverage = true;
                    long[] lines = coverage(report.arn());
                    covered += lines[0];
                    missed += lines[1];
                }
            }
            return new BuildReports(buildId, tests.isEmpty() ? null : TestReport.merge(tests),
                    coverage ? new CoverageReport(covered, missed) : null);
        } catch (SdkException e) {
            throw new ReportSourceException("cannot read the CodeBuild reports of " + buildId + ": " + e.getMessage(), e);
        }
    }

    /** Only a SUCCEEDED report holds every case; a truncated one (over CodeBuild's limits) is not complete either. */
    private static void requireComplete(String buildId, Report report) {
        if (report.status() != ReportStatusType.SUCCEEDED) {
            throw new ReportSourceException("report " + report.name() + " of build " + buildId + " is "
                    + report.statusAsString() + " in CodeBuild, not SUCCEEDED", null);
        }
        if (Boolean.TRUE.equals(report.truncated())) {
            throw new ReportSourceException("report " + report.name() + " of build " + buildId
                    + " was truncated by CodeBuild", null);
        }
    }

    private TestReport testCases(String reportArn) {
        int total = 0;
        int failed = 0;
        int skipped = 0;
        List<String> failedTests = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            DescribeTestCasesResponse page = codeBuild.describeTestCases(d -> d.reportArn(reportArn).nextToken(next));
            for (TestCase testCase : page.testCases()) {
                total++;
                String status = testCase.status() == null ? "" : testCase.status();
                if (status.equals("FAILED") || status.equals("ERROR")) {
                    failed++;
                    failedTests.add(name(testCase));
                } else if (status.equals("SKIPPED")) {
                    skipped++;
                }
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return new TestReport(total, failed, skipped, failedTests);
    }

    private long[] coverage(String reportArn) {
        long covered = 0;
        long missed = 0;
        String token = null;
        do {
            String next = token;
            DescribeCodeCoveragesResponse page = codeBuild.describeCodeCoverages(d -> d.reportArn(reportArn).nextToken(next));
            for (CodeCoverage file : page.codeCoverages()) {
                covered += file.linesCovered() == null ? 0 : file.linesCovered();
                missed += file.linesMissed() == null ? 0 : file.linesMissed();
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return new long[] {covered, missed};
    }

    /** CodeBuild's prefix is the class ({@code com.example.FooTest}), the name the method: {@code FooTest.method}. */
    private static String name(TestCase testCase) {
        String prefix = testCase.prefix() == null ? "" : testCase.prefix();
        String method = testCase.name() == null ? "" : testCase.name();
        if (method.endsWith("()")) {
            method = method.substring(0, method.length() - 2);
        }
        String simple = prefix.substring(prefix.lastIndexOf('.') + 1);
        return simple.isEmpty() ? method : simple + "." + method;
    }
}
