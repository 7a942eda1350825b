package dev.serverlesscd.functions.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SarifParserTest {
    private final SarifParser parser = new SarifParser();

    @Test
    void parse_shouldReadEachResultWithRuleLevelAndPlace_fromTheSecretScan() throws Exception {
        // GIVEN the sample's secret scan over a tree with a fake AWS key and a plain-text password
        ReportFile file = Fixtures.file("scan-secret/secrets.sarif");

        // WHEN
        List<Finding> findings = parser.parse(file);

        // THEN
        assertThat(findings).extracting(Finding::level).containsOnly("error");
        assertThat(findings).extracting(Finding::where)
                .containsExactly("aws-access-key-id at src/Conf.java:2", "password-assignment at src/Conf.java:3");
        assertThat(findings.get(0).tool()).isEqualTo("secret-scan");
    }

    @Test
    void parse_shouldFindNothing_inACleanScan() throws Exception {
        assertThat(parser.parse(Fixtures.file("scan-clean/secrets.sarif"))).isEmpty();
    }

    @Test
    void parse_shouldReadJavacLintWarnings() throws Exception {
        List<Finding> findings = parser.parse(Fixtures.file("lint-warning/javac.sarif"));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.level()).isEqualTo("warning");
            assertThat(f.where()).isEqualTo("serial at src/main/java/com/example/orders/InvalidOrderException.java:4");
        });
    }

    @Test
    void parse_shouldReadSpotBugsResults_withTheirLevelsAndLines() throws Exception {
        // GIVEN SpotBugs' own SARIF over a class with a null dereference and a String compared with ==
        ReportFile file = Fixtures.file("spotbugs/spotbugs.sarif");

        // WHEN
        List<Finding> findings = parser.parse(file);

        // THEN each result keeps SpotBugs' level; its paths are relative to the source root
        assertThat(findings).extracting(Finding::tool).containsOnly("SpotBugs");
        assertThat(findings).extracting(Finding::level, Finding::where).containsExactly(
                org.assertj.core.groups.Tuple.tuple("note", "ES_COMPARING_PARAMETER_STRING_WITH_EQ at com/example/orders/Discounts.java:10"),
                org.assertj.core.groups.Tuple.tuple("error", "NP_ALWAYS_NULL at com/example/orders/Discounts.java:16"),
                org.assertj.core.groups.Tuple.tuple("note", "NP_LOAD_OF_KNOWN_NULL_VALUE at com/example/orders/Discounts.java:16"));
    }

    @Test
    void parse_shouldReadCheckstyleWarnings_atTheirFileUris() throws Exception {
        // GIVEN Checkstyle's own SARIF over the sample with a line limit of 120: five longer lines
        List<Finding> findings = parser.parse(Fixtures.file("lint-checkstyle/checkstyle.sarif"));

        // THEN
        assertThat(findings).hasSize(5).extracting(Finding::tool).containsOnly("Checkstyle");
        assertThat(findings).extracting(Finding::level).containsOnly("warning");
        assertThat(findings.get(0).where())
                .isEqualTo("maxLineLen at file:/tmp/sb/src/main/java/com/example/orders/OrdersHttpServer.java:16");
    }

    @Test
    void parse_shouldTakeTheRulesDefaultLevel_whenAResultHasNone() throws Exception {
        // GIVEN two results without level: one whose rule says error, one with no rule configuration
        ReportFile file = Fixtures.text("x.sarif", """
                {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "t",
                  "rules": [{"id": "R1", "defaultConfiguration": {"level": "error"}}]}},
                  "results": [{"ruleId": "R1", "message": {"text": "a"}}, {"ruleId": "R2", "message": {"text": "b"}}]}]}""");

        // WHEN
        List<Finding> findings = parser.parse(file);

        // THEN SARIF's default is warning
        assertThat(findings).extracting(Finding::level).containsExactly("error", "warning");
    }

    @Test
    void parse_shouldNameTheProblem_whenTheFileIsNotSarif210() {
        assertThatThrownBy(() -> parser.parse(Fixtures.text("old.sarif", "{\"version\": \"1.0.0\", \"runs\": []}")))
                .isInstanceOf(ReportParseException.class)
                .hasMessage("old.sarif: SARIF version is '1.0.0', expected 2.1.0");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("cut.sarif", "{\"version\": \"2.1.0\", \"runs\": [")))
                .isInstanceOf(ReportParseException.class)
                .hasMessageStartingWith("cut.sarif: not JSON:");
    }
}
