package dev.serverlesscd.functions.reports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.config.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * cargo-audit's JSON report ({@code cargo audit --json}, the RustSec crate's {@code Report}):
 * {@code vulnerabilities.list[]}, each with the {@code advisory} ({@code id}, {@code cvss}), the {@code package}
 * found in {@code Cargo.lock} ({@code name}, {@code version}) and {@code versions.patched} (the version requirements
 * that fix it). RustSec advisories carry no severity name, only a CVSS vector: a CVSS 3 vector is scored
 * ({@link Cvss3}) and rated by the CVSS bands (9.0 CRITICAL, 7.0 HIGH, 4.0 MEDIUM, above 0 LOW); an advisory without
 * one, or with a vector of another CVSS version, is unscored and ranks LOW, as Trivy's UNKNOWN does (reported, never
 * above a LOW threshold). {@code warnings} (unmaintained, unsound, yanked crates) are not vulnerabilities and are not
 * read.
 */
public final class CargoAuditJsonParser {
    private static final String TARGET = "Cargo.lock";

    public List<Vulnerability> parse(ReportFile file) throws ReportParseException {
        JsonNode root = file.json();
        if (root == null || !root.isObject()) {
            throw new ReportParseException(file.path() + ": not cargo-audit's JSON report (no JSON object)");
        }
        JsonNode list = root.path("vulnerabilities").path("list");
        if (!list.isArray()) {
            throw new ReportParseException(file.path() + ": vulnerabilities.list is "
                    + (list.isMissingNode() ? "missing" : "not an array") + " (not cargo audit --json's report)");
        }
        List<Vulnerability> found = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String at = "vulnerabilities.list[" + i + "]";
            String id = required(entry, "advisory", "id", at, file);
            String name = required(entry, "package", "name", at, file);
            String version = required(entry, "package", "version", at, file);
            List<String> patched = new ArrayList<>();
            JsonNode patchedNode = entry.path("versions").path("patched");
            if (!patchedNode.isMissingNode() && !patchedNode.isNull()) {
                if (!patchedNode.isArray()) {
                    throw new ReportParseException(file.path() + ": " + at + ".versions.patched is not an array");
                }
                patchedNode.forEach(p -> patched.add(p.asText()));
            }
            found.add(new Vulnerability(id, name, version, patched.isEmpty() ? null : String.join(", ", patched),
                    severity(entry.path("advisory").path("cvss"), at, file), TARGET));
        }
        return found;
    }

    private static Severity severity(JsonNode cvss, String at, ReportFile file) throws ReportParseException {
        if (cvss.isMissingNode() || cvss.isNull()) {
            return Severity.LOW;
        }
        if (!cvss.isTextual()) {
            throw new ReportParseException(file.path() + ": " + at + ".advisory.cvss is " + cvss + ", not a CVSS vector string");
        }
        String vector = cvss.asText().strip();
        if (!Cvss3.isVersion3(vector)) {
            return Severity.LOW;
        }
        return Cvss3.rating(Cvss3.baseScore(vector).orElseThrow(() -> new ReportParseException(file.path() + ": " + at
                + ".advisory.cvss '" + vector + "' is not a valid CVSS 3 base vector")));
    }

    private static String required(JsonNode entry, String object, String field, String at, ReportFile file)
            throws ReportParseException {
        JsonNode value = entry.path(object).path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ReportParseException(file.path() + ": " + at + "." + object + "." + field + " is missing");
        }
        return value.asText();
    }
}
