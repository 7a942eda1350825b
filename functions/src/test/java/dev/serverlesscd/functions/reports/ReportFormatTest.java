package dev.serverlesscd.functions.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which format a file a build wrote is, by its path: the one place the judges and the publisher ask. */
@Tag("unit")
class ReportFormatTest {

    @Test
    void of_shouldRecogniseEachFormatByName_beforeTheGenericXmlAndJson() {
        assertThat(format("junit/TEST-a.xml")).hasValue(ReportFormat.JUNIT_XML);
        assertThat(format("go-test.json")).hasValue(ReportFormat.GO_TEST_JSON);
        assertThat(format("unit.go-test.json")).hasValue(ReportFormat.GO_TEST_JSON);
        assertThat(format("jacoco.xml")).hasValue(ReportFormat.JACOCO_XML);
        assertThat(format("coverage/cobertura-coverage.xml")).hasValue(ReportFormat.COBERTURA_XML);
        assertThat(format("coverage/lcov.info")).hasValue(ReportFormat.LCOV);
        assertThat(format("rust.lcov")).hasValue(ReportFormat.LCOV);
        assertThat(format("lint.sarif.json")).hasValue(ReportFormat.SARIF);
        assertThat(format("image.trivy.json")).hasValue(ReportFormat.TRIVY_JSON);
        assertThat(format("cargo-audit.json")).hasValue(ReportFormat.CARGO_AUDIT_JSON);
        assertThat(format("web.npm-audit.json")).hasValue(ReportFormat.NPM_AUDIT_JSON);
        assertThat(format("base-1.go-bench.txt")).hasValue(ReportFormat.GO_BENCH);
        assertThat(format("criterion/fib/new/estimates.json")).hasValue(ReportFormat.CRITERION);
        assertThat(format("head-1.json")).hasValue(ReportFormat.JMH_JSON);
    }

    @Test
    void of_shouldSayNoReport_forCriterionsOtherFiles_andForLogsAndMarkers() {
        assertThat(format("criterion/fib/new/sample.json")).isEmpty();
        assertThat(format("criterion/fib/base/estimates.json")).isEmpty();
        assertThat(format("criterion/fib/change/estimates.json")).isEmpty();
        assertThat(format("target/criterion/fib/before-refactor/estimates.json")).isEmpty();
        assertThat(format("go-bench.log")).isEmpty();
        assertThat(format("trivy.skipped")).isEmpty();
        assertThat(format("base.txt")).isEmpty();
    }

    @Test
    void describe_shouldListEveryFormatOfAKind() {
        assertThat(ReportFormat.describe(ReportFormat.Kind.COVERAGE)).isEqualTo("JaCoCo (jacoco.xml), Cobertura"
                + " (cobertura.xml, cobertura-coverage.xml, coverage.xml) or LCOV (lcov.info, *.lcov)");
    }

    private static Optional<ReportFormat> format(String path) {
        return Fixtures.text(path, "").format();
    }
}
