package dev.serverlesscd.functions.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class JaCoCoXmlParserTest {
    private final JaCoCoXmlParser parser = new JaCoCoXmlParser();

    @Test
    void parse_shouldReadTheReportLevelLineCounter_ofARealJaCoCoReport() throws Exception {
        // GIVEN JaCoCo's report of the sample (with its DOCTYPE naming report.dtd, which is not fetched)
        ReportFile file = Fixtures.file("passing/jacoco.xml");

        // WHEN
        CoverageReport coverage = parser.parse(file);

        // THEN the total over all packages, not the first class's counter
        assertThat(coverage.linesCovered()).isEqualTo(107);
        assertThat(coverage.linesMissed()).isEqualTo(12);
        assertThat(coverage.linePercent()).isCloseTo(89.92, within(0.01));
    }

    @Test
    void parse_shouldFail_whenTheReportHasNoLineCounter() {
        // GIVEN what JaCoCo writes when no class was analysed
        ReportFile file = Fixtures.text("jacoco.xml", "<report name=\"empty\"><sessioninfo id=\"x\" start=\"1\" dump=\"2\"/></report>");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(ReportParseException.class)
                .hasMessage("jacoco.xml: no report-level LINE counter (no classes were analysed)");
    }

    @Test
    void parse_shouldFail_whenACountIsNotANumber() {
        ReportFile file = Fixtures.text("jacoco.xml", "<report name=\"x\"><counter type=\"LINE\" missed=\"many\" covered=\"3\"/></report>");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(ReportParseException.class)
                .hasMessage("jacoco.xml: LINE counter's missed is 'many', not a count");
    }

    @Test
    void parse_shouldRefuseAJUnitReport() {
        ReportFile file = Fixtures.file("passing/junit/TEST-com.example.orders.OrderParserTest.xml");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(ReportParseException.class)
                .hasMessageEndingWith("root element is <testsuite>, not JaCoCo's <report>");
    }
}
