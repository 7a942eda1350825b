package dev.serverlesscd.functions.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CoberturaXmlParserTest {
    private final CoberturaXmlParser parser = new CoberturaXmlParser();

    @Test
    void parse_shouldReadTheLineRateOfC8sRealReport() throws Exception {
        // GIVEN c8 10.1.3's cobertura-coverage.xml of a real run (13 of 19 lines, line-rate 0.6842; see the README)
        ReportFile report = Fixtures.file("cobertura/cobertura-coverage.xml");

        // WHEN
        CoverageReport coverage = parser.parse(report);

        // THEN the line-rate, as a percentage, and the counts
        assertThat(coverage.linePercent()).isCloseTo(68.42, Offset.offset(0.001));
        assertThat(coverage.linesCovered()).isEqualTo(13);
        assertThat(coverage.linesMissed()).isEqualTo(6);
    }

    @Test
    void parse_shouldRefuseAnotherFormat() {
        // GIVEN JaCoCo's report where Cobertura's is expected
        ReportFile report = Fixtures.file("passing/jacoco.xml");

        // WHEN / THEN
        assertThatThrownBy(() -> parser.parse(report)).isInstanceOf(ReportParseException.class)
                .hasMessageContaining("passing/jacoco.xml: root element is <report>, not Cobertura's <coverage>");
    }

    @Test
    void parse_shouldRefuseALineRateOutOfRange() {
        // GIVEN a coverage element with a rate of 1.5
        ReportFile report = Fixtures.text("coverage.xml", "<coverage line-rate=\"1.5\"/>");

        // WHEN / THEN
        assertThatThrownBy(() -> parser.parse(report)).isInstanceOf(ReportParseException.class)
                .hasMessage("coverage.xml: line-rate is 1.5, not between 0 and 1");
    }

    @Test
    void parse_shouldRefuseAMissingLineRate() {
        // GIVEN
        ReportFile report = Fixtures.text("coverage.xml", "<coverage lines-valid=\"3\"/>");

        // WHEN / THEN
        assertThatThrownBy(() -> parser.parse(report)).hasMessage("coverage.xml: <coverage> has no line-rate");
    }

    @Test
    void parse_shouldNotResolveExternalEntities() {
        // GIVEN an XXE attempt
        ReportFile report = Fixtures.text("coverage.xml", "<?xml version=\"1.0\"?><!DOCTYPE coverage ["
                + "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><coverage line-rate=\"&xxe;\"/>");

        // WHEN / THEN it is invalid, never read
        assertThatThrownBy(() -> parser.parse(report)).isInstanceOf(ReportParseException.class)
                .hasMessageNotContaining("root:");
    }
}
