package dev.serverlesscd.functions.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.config.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrivyJsonParserTest {
    private final TrivyJsonParser parser = new TrivyJsonParser();

    @Test
    void parse_shouldReadEveryVulnerabilityOfTrivysGoldenReport() throws Exception {
        // GIVEN Trivy's own golden JSON of its alpine-310 image scan (see the README for the exact source)
        ReportFile report = Fixtures.file("trivy/alpine-310.json");

        // WHEN
        List<Vulnerability> found = parser.parse(report);

        // THEN four MEDIUM findings in libcrypto1.1 and libssl1.1, each with its fix
        assertThat(found).hasSize(4);
        assertThat(found.get(0)).isEqualTo(new Vulnerability("CVE-2019-1549", "libcrypto1.1", "1.1.1c-r0",
                "1.1.1d-r0", Severity.MEDIUM, "testdata/fixtures/images/alpine-310.tar.gz (alpine 3.10.2)"));
        assertThat(found).extracting(Vulnerability::severity).containsOnly(Severity.MEDIUM);
        assertThat(found).extracting(Vulnerability::pkgName)
                .containsExactly("libcrypto1.1", "libcrypto1.1", "libssl1.1", "libssl1.1");
        assertThat(found.get(1).describe()).isEqualTo("CVE-2019-1551 in libcrypto1.1 1.1.1c-r0 (fixed in 1.1.1d-r2)");
    }

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
