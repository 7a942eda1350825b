package dev.serverlesscd.functions.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.config.Severity;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * cargo-audit's JSON, on reports built from the RustSec crate's {@code Report} schema (reports/cargo-audit: cargo-audit
 * cannot be installed here, crates.io is not reachable; see the README) and inline documents.
 */
@Tag("unit")
class CargoAuditJsonParserTest {
    private final CargoAuditJsonParser parser = new CargoAuditJsonParser();

    @Test
    void parse_shouldRateEachAdvisoryByItsCvssVector_andAnUnscoredOneLow() throws Exception {
        // GIVEN hyper (CVSS 7.5), time (5.1) and chrono (no CVSS), and an unsound-crate warning for atty
        ReportFile report = Fixtures.file("cargo-audit/vulnerable/cargo-audit.json");

        // WHEN / THEN the warning is no vulnerability
        assertThat(parser.parse(report)).containsExactly(
                new Vulnerability("RUSTSEC-2021-0078", "hyper", "0.14.9", ">=0.14.10", Severity.HIGH, "Cargo.lock"),
                new Vulnerability("RUSTSEC-2020-0071", "time", "0.1.43", ">=0.2.23", Severity.MEDIUM, "Cargo.lock"),
                new Vulnerability("RUSTSEC-2020-0159", "chrono", "0.4.19", ">=0.4.20", Severity.LOW, "Cargo.lock"));
        assertThat(parser.parse(Fixtures.file("cargo-audit/clean/cargo-audit.json"))).isEmpty();
    }

    @Test
    void parse_shouldRankACvss4VectorAsUnscored_andAdvisoryWithoutPatchAsNoFix() throws Exception {
        ReportFile report = Fixtures.text("cargo-audit.json", "{\"vulnerabilities\": {\"list\": [{\"advisory\": {\"id\": \"RUSTSEC-2099-0001\","
                + " \"cvss\": \"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N\"},"
                + " \"versions\": {\"patched\": []}, \"package\": {\"name\": \"x\", \"version\": \"1.0.0\"}}]}}");

        assertThat(parser.parse(report)).containsExactly(
                new Vulnerability("RUSTSEC-2099-0001", "x", "1.0.0", null, Severity.LOW, "Cargo.lock"));
    }

    @Test
    void parse_shouldNameTheField_thatIsMissingOrWrong() {
        assertThatThrownBy(() -> parser.parse(Fixtures.text("cargo-audit.json", "{\"vulnerabilities\": {\"list\": ["
                + "{\"advisory\": {\"id\": \"RUSTSEC-1\"}, \"package\": {\"name\": \"a\", \"version\": \"1\"}},"
                + "{\"advisory\": {\"id\": \"RUSTSEC-2\"}, \"package\": {\"name\": \"b\"}}]}}")))
                .isInstanceOf(ReportParseException.class)
                .hasMessage("cargo-audit.json: vulnerabilities.list[1].package.version is missing");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("cargo-audit.json", "{\"vulnerabilities\": {\"list\": ["
                + "{\"advisory\": {\"id\": \"RUSTSEC-1\", \"cvss\": \"CVSS:3.1/AV:N/AC:L\"}, \"package\": {\"name\": \"a\", \"version\": \"1\"}}]}}")))
                .hasMessage("cargo-audit.json: vulnerabilities.list[0].advisory.cvss 'CVSS:3.1/AV:N/AC:L' is not a valid CVSS 3 base vector");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("cargo-audit.json", "{\"SchemaVersion\": 2, \"Results\": []}")))
                .hasMessage("cargo-audit.json: vulnerabilities.list is missing (not cargo audit --json's report)");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("cargo-audit.json", "Crate: time")))
                .hasMessageStartingWith("cargo-audit.json: not JSON");
    }
}
