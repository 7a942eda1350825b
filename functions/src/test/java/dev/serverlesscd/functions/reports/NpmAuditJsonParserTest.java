package dev.serverlesscd.functions.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.config.Severity;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** npm audit's JSON, as npm 11 wrote it here (reports/npm-audit, see the README), and inline documents. */
@Tag("unit")
class NpmAuditJsonParserTest {
    private final NpmAuditJsonParser parser = new NpmAuditJsonParser();

    @Test
    void parse_shouldCountEachAdvisoryOnce_underThePackageItHits() throws Exception {
        // GIVEN lodash 4.17.20 (two advisories) and mkdirp 0.5.1, vulnerable only through minimist 0.0.8
        ReportFile report = Fixtures.file("npm-audit/vulnerable/npm-audit.json");

        // WHEN / THEN mkdirp's "via": ["minimist"] adds nothing of its own
        assertThat(parser.parse(report)).containsExactly(
                new Vulnerability("GHSA-35jh-r3h4-6jhm", "lodash", null, "lodash@4.18.1", Severity.HIGH, "node_modules/lodash"),
                new Vulnerability("GHSA-29mw-wpgm-hmr9", "lodash", null, "lodash@4.18.1", Severity.MEDIUM, "node_modules/lodash"),
                new Vulnerability("GHSA-xvch-5gv4-984h", "minimist", null, "mkdirp@0.5.6", Severity.CRITICAL, "node_modules/minimist"));
        assertThat(parser.parse(Fixtures.file("npm-audit/clean/npm-audit.json"))).isEmpty();
    }

    @Test
    void parse_shouldSayWhatNpmSaid_whenItCouldNotAudit() {
        // GIVEN npm's real error output: the registry here refuses the bulk advisory POST
        ReportFile report = Fixtures.file("npm-audit/error/npm-audit.json");

        // WHEN / THEN
        assertThatThrownBy(() -> parser.parse(report)).isInstanceOf(ReportParseException.class)
                .hasMessage("npm-audit/error/npm-audit.json: npm audit did not audit: 405 Method Not Allowed"
                        + " - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk");
    }

    @Test
    void parse_shouldDescribeAFixWithinRange_andASemverMajorOne() throws Exception {
        ReportFile report = Fixtures.text("npm-audit.json", """
                {"auditReportVersion": 2, "vulnerabilities": {
                  "a": {"name": "a", "via": [{"source": 1, "name": "a", "url": "https://example.com/1", "severity": "low",
                        "range": "<2.0.0"}], "nodes": [], "fixAvailable": true},
                  "b": {"name": "b", "via": [{"source": 2, "name": "b", "url": "https://github.com/advisories/GHSA-bbbb-bbbb-bbbb",
                        "severity": "info", "range": "*"}], "nodes": ["node_modules/b"],
                        "fixAvailable": {"name": "c", "version": "3.0.0", "isSemVerMajor": true}}}}
                """);

        assertThat(parser.parse(report)).containsExactly(
                new Vulnerability("npm-1", "a", null, "a version outside <2.0.0", Severity.LOW, "package-lock.json"),
                new Vulnerability("GHSA-bbbb-bbbb-bbbb", "b", null, "c@3.0.0 (semver major)", Severity.LOW, "node_modules/b"));
    }

    @Test
    void parse_shouldNameTheField_thatIsMissingOrWrong() {
        assertThatThrownBy(() -> parser.parse(Fixtures.text("npm-audit.json", "{\"advisories\": {}, \"metadata\": {}}")))
                .hasMessage("npm-audit.json: auditReportVersion is missing, expected 2 (npm 6's report: audit with npm 7 or later)");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("npm-audit.json", "{\"auditReportVersion\": 2, \"vulnerabilities\": "
                + "{\"a\": {\"via\": [{\"source\": 1, \"name\": \"a\"}]}}}")))
                .hasMessage("npm-audit.json: vulnerabilities.a.via[0].severity is missing");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("npm-audit.json", "{\"auditReportVersion\": 2, \"vulnerabilities\": "
                + "{\"a\": {\"via\": \"a\"}}}")))
                .hasMessage("npm-audit.json: vulnerabilities.a.via is not an array");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("npm-audit.json", "{\"auditReportVersion\": 2}")))
                .hasMessage("npm-audit.json: vulnerabilities is missing");
    }
}
