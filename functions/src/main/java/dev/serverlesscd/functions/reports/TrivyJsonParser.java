package dev.serverlesscd.functions.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Trivy's JSON report ({@code trivy … --format json}, schema version 2): {@code Results[].Vulnerabilities[]} with
 * {@code VulnerabilityID}, {@code PkgName}, {@code InstalledVersion}, {@code FixedVersion}, {@code Severity}. A
 * result without {@code Vulnerabilities} (null or absent: nothing found in that target) adds nothing. Trivy's
 * documentation says VulnerabilityID, PkgName, InstalledVersion and Severity are always filled: one missing makes
 * the report invalid.
 */
public final class TrivyJsonParser {

    public List<Vulnerability> parse(ReportFile file) throws ReportParseException {
        JsonNode root = file.json();
        if (root == null || !root.isObject()) {
            throw new ReportParseException(file.path() + ": not a Trivy JSON report (no JSON object; schema 1's top-level"
                    + " array is not read, use Trivy 0.20 or later)");
        }
        JsonNode schema = root.path("SchemaVersion");
        if (!schema.isInt() || schema.asInt() != 2) {
            throw new ReportParseException(file.path() + ": Trivy SchemaVersion is " + schema + ", expected 2");
        }
        JsonNode results = root.path("Results");
        List<Vulnerability> found = new ArrayList<>();
        if (results.isMissingNode() || results.isNull()) {
            return found; // Trivy omits Results when the artifact has no target at all
        }
        if (!results.isArray()) {
            throw new ReportParseException(file.path() + ": Results is not an array");
        }
        for (JsonNode result : results) {
            String target = result.path("Target").asText(null);
            JsonNode vulnerabilities = result.path("Vulnerabilities");
            if (vulnerabilities.isMissingNode() || vulnerabilities.isNull()) {
                continue;
            }
            if (!vulnerabilities.isArray()) {
                throw new ReportParseException(file.path() + ": Vulnerabilities of " + target + " is not an array");
            }
            for (JsonNode v : vulnerabilities) {
                String id = required(v, "VulnerabilityID", file, target);
                String pkg = required(v, "PkgName", file, target);
                String installed = required(v, "InstalledVersion", file, target);
                String severity = required(v, "Severity", file, target);
                String fixed = v.hasNonNull("FixedVersion") && !v.get("FixedVersion").asText().isBlank()
                        ? v.get("FixedVersion").asText() : null;
                found.add(new Vulnerability(id, pkg, installed, fixed, Vulnerability.severityNamed(severity), target));
            }
        }
        return found;
    }

    private static String required(JsonNode vulnerability, String field, ReportFile file, String target)
            throws ReportParseException {
        JsonNode value = vulnerability.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ReportParseException(file.path() + ": a vulnerability of " + target + " has no " + field);
        }
        return value.asText();
    }
}
