package dev.serverlesscd.functions.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Trivy's JSON read on small inline documents. No real Trivy output is committed yet: Trivy cannot run here (its
 * vulnerability database needs the network), and another project's files are not copied into this one.
 */
@Tag("unit")
class TrivyJsonParserTest {
    private final TrivyJsonParser parser = new TrivyJsonParser();

    @Test
    void parse_shouldReadATargetWithNoVulnerabilitiesAsNothingFound() throws Exception {
        // GIVEN a result whose Vulnerabilities is null, as Trivy writes a clean target
        ReportFile report = Fixtures.text("trivy.json",
                "{\"SchemaVersion\": 2, \"Results\": [{\"Target\": \"pom.xml\", \"Vulnerabilities\": null}]}");

        // WHEN / THEN
        assertThat(parser.parse(report)).isEmpty();
    }

    @Test
    void parse_shouldRefuseAVulnerabilityWithoutSeverity() {
        // GIVEN
        ReportFile report = Fixtures.text("trivy.json", "{\"SchemaVersion\": 2, \"Results\": [{\"Target\": \"t\","
                + " \"Vulnerabilities\": [{\"VulnerabilityID\": \"CVE-1\", \"PkgName\": \"p\", \"InstalledVersion\": \"1\"}]}]}");

        // WHEN / THEN
        assertThatThrownBy(() -> parser.parse(report)).isInstanceOf(ReportParseException.class)
                .hasMessage("trivy.json: a vulnerability of t has no Severity");
    }

    @Test
    void parse_shouldRefuseOtherSchemasAndNonJson() {
        // GIVEN schema 1 (a top-level array) and text
        ReportFile schemaOne = Fixtures.text("trivy.json", "[{\"Target\": \"t\", \"Vulnerabilities\": null}]");
        ReportFile text = Fixtures.text("trivy.json", "Total: 0");

        // WHEN / THEN
        assertThatThrownBy(() -> parser.parse(schemaOne)).hasMessageStartingWith("trivy.json: not a Trivy JSON report");
        assertThatThrownBy(() -> parser.parse(text)).hasMessageStartingWith("trivy.json: not JSON");
    }
}
