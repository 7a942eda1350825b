package dev.serverlesscd.functions.reports;

import java.util.ArrayList;
import java.util.List;

/**
 * Test results, from one JUnit XML file or merged over many: how many test cases ran, how many failed (a
 * {@code failure} or an {@code error}), how many were skipped, and the failed ones named {@code Class.method}.
 */
public record TestReport(int total, int failed, int skipped, List<String> failedTests) {

    public TestReport {
        failedTests = List.copyOf(failedTests);
    }

    public static TestReport merge(List<TestReport> reports) {
        int total = 0;
        int failed = 0;
        int skipped = 0;
        List<String> names = new ArrayList<>();
        for (TestReport report : reports) {
            total += report.total;
            failed += report.failed;
            skipped += report.skipped;
            names.addAll(report.failedTests);
        }
        return new TestReport(total, failed, skipped, names);
    }

    public int passed() {
        return total - failed - skipped;
    }
}
