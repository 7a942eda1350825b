package dev.serverlesscd.functions.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * SARIF 2.1.0 ({@code runs[].results[]}). A result without {@code level} takes its rule's
 * {@code defaultConfiguration.level}, else {@code warning}, as the SARIF specification says (3.27.10). A
 * {@code security-severity} property (GitHub code scanning's CVSS score, as Trivy writes it) is read from the result,
 * else from its rule.
 */
public final class SarifParser {

    public List<Finding> parse(ReportFile file) throws ReportParseException {
        JsonNode root = file.json();
        if (root == null || !root.isObject()) {
            throw new ReportParseException(file.path() + ": not a SARIF log (no JSON object)");
        }
        if (!"2.1.0".equals(root.path("version").asText())) {
            throw new ReportParseException(file.path() + ": SARIF version is '" + root.path("version").asText() + "', expected 2.1.0");
        }
        JsonNode runs = root.path("runs");
        if (!runs.isArray()) {
            throw new ReportParseException(file.path() + ": SARIF log has no runs array");
        }
        List<Finding> findings = new ArrayList<>();
        for (JsonNode run : runs) {
            String tool = run.path("tool").path("driver").path("name").asText("unknown tool");
            JsonNode results = run.path("results");
            if (results.isMissingNode() || results.isNull()) {
                continue;
            }
            if (!results.isArray()) {
                throw new ReportParseException(file.path() + ": results of " + tool + " is not an array");
            }
            for (JsonNode result : results) {
                findings.add(finding(tool, run, result));
            }
        }
        return findings;
    }

    private static Finding finding(String tool, JsonNode run, JsonNode result) {
        String ruleId = result.hasNonNull("ruleId") ? result.get("ruleId").asText() : null;
        String level = result.hasNonNull("level") ? result.get("level").asText() : defaultLevel(run, ruleId);
        JsonNode physical = result.path("locations").path(0).path("physicalLocation");
        String uri = physical.path("artifactLocation").hasNonNull("uri") ? physical.path("artifactLocation").get("uri").asText() : null;
        Integer line = physical.path("region").path("startLine").isInt() ? physical.path("region").get("startLine").asInt() : null;
        return new Finding(tool, ruleId, level, result.path("message").path("text").asText(""), uri, line,
                securitySeverity(result).or(() -> rule(run, ruleId).flatMap(SarifParser::securitySeverity)).orElse(null));
    }

    private static java.util.Optional<Double> securitySeverity(JsonNode resultOrRule) {
        JsonNode score = resultOrRule.path("properties").path("security-severity");
        if (score.isNumber()) {
            return java.util.Optional.of(score.asDouble());
        }
        try {
            return score.isTextual() ? java.util.Optional.of(Double.parseDouble(score.asText().trim())) : java.util.Optional.empty();
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static java.util.Optional<JsonNode> rule(JsonNode run, String ruleId) {
        for (JsonNode rule : run.path("tool").path("driver").path("rules")) {
            if (rule.path("id").asText().equals(ruleId)) {
                return java.util.Optional.of(rule);
            }
        }
        return java.util.Optional.empty();
    }

    private static String defaultLevel(JsonNode run, String ruleId) {
        return rule(run, ruleId).map(r -> r.path("defaultConfiguration").path("level").asText("warning")).orElse("warning");
    }
}
