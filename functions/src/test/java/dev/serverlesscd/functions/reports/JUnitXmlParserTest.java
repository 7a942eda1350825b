package dev.serverlesscd.functions.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class JUnitXmlParserTest {
    private final JUnitXmlParser parser = new JUnitXmlParser();

    @Test
    void parse_shouldCountEveryTestCase_ofSurefireReportsThatPass() throws Exception {
        // GIVEN the sample's three Surefire reports, all green
        List<ReportFile> files = Fixtures.files("passing/junit");

        // WHEN
        TestReport report = TestReport.merge(parse(files));

        // THEN
        assertThat(files).hasSize(3);
        assertThat(report.total()).isEqualTo(16);
        assertThat(report.failed()).isZero();
        assertThat(report.skipped()).isZero();
        assertThat(report.failedTests()).isEmpty();
    }

    @Test
    void parse_shouldNameTheFailedTestAsClassDotMethod_whenSurefireReportsAFailure() throws Exception {
        // GIVEN the sample's reports of a run with FAIL_TESTS=true
        List<ReportFile> files = Fixtures.files("failing/junit");

        // WHEN
        TestReport report = TestReport.merge(parse(files));

        // THEN
        assertThat(report.total()).isEqualTo(16);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.passed()).isEqualTo(15);
        assertThat(report.failedTests()).containsExactly("PriceCalculatorTest.roundsHalfUpToCents");
    }

    @Test
    void parse_shouldCountFailuresErrorsAndSkips_ofTheGenericFormat() throws Exception {
        // GIVEN testsuites at the root, a failure, an error, a skip, a test case without classname
        ReportFile file = Fixtures.file("generic/results.xml");

        // WHEN
        TestReport report = parser.parse(file);

        // THEN the error counts as a failure; a test case without classname takes its suite's name
        assertThat(report.total()).isEqualTo(5);
        assertThat(report.failed()).isEqualTo(2);
        assertThat(report.skipped()).isEqualTo(1);
        assertThat(report.failedTests()).containsExactly("TotalsTest.rounds_half_up", "CartApiTest.prices_cart");
    }

    @Test
    void parse_shouldNotCountAFlakyFailure_whenTheRerunPassed() throws Exception {
        // GIVEN Surefire's record of a test that failed once and passed on rerun
        ReportFile file = Fixtures.text("TEST-Flaky.xml", """
                <testsuite name="a.FlakyTest" tests="1">
                  <testcase name="sometimes" classname="a.FlakyTest">
                    <flakyFailure message="boom" type="java.lang.AssertionError"/>
                  </testcase>
                </testsuite>""");

        // WHEN
        TestReport report = parser.parse(file);

        // THEN
        assertThat(report.failed()).isZero();
        assertThat(report.passed()).isEqualTo(1);
    }

    @Test
    void parse_shouldNameTheFileAndTheProblem_whenTheXmlIsMalformed() {
        ReportFile file = Fixtures.text("junit/TEST-Broken.xml", "<testsuite name=\"x\"><testcase name=\"a\">");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(ReportParseException.class)
                .hasMessageStartingWith("junit/TEST-Broken.xml: not well-formed XML:");
    }

    @Test
    void parse_shouldRefuseAnotherKindOfXml() {
        ReportFile file = Fixtures.file("passing/jacoco.xml");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(ReportParseException.class)
                .hasMessage("passing/jacoco.xml: root element is <report>, not <testsuite> or <testsuites>");
    }

    @Test
    void parse_shouldNeverReadAnExternalEntity() {
        // GIVEN an XXE attempt that would put /etc/hostname into a test's name
        ReportFile file = Fixtures.text("TEST-Evil.xml", """
                <?xml version="1.0"?>
                <!DOCTYPE testsuite [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
                <testsuite name="Evil"><testcase classname="Evil" name="&secret;"><failure/></testcase></testsuite>""");

        // WHEN / THEN the parser refuses rather than resolving it
        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(ReportParseException.class)
                .hasMessageContaining("TEST-Evil.xml");
    }

    private List<TestReport> parse(List<ReportFile> files) throws ReportParseException {
        List<TestReport> reports = new java.util.ArrayList<>();
        for (ReportFile file : files) {
            reports.add(parser.parse(file));
        }
        return reports;
    }
}
