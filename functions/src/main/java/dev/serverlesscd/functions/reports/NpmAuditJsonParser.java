package dev.serverlesscd.functions.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * npm's audit report ({@code npm audit --json}, npm 7 and later: {@code auditReportVersion} 2). Its
 * {@code vulnerabilities} map has an entry per vulnerable package; an entry's {@code via} lists the advisories that
 * hit the package itself (objects: {@code source}, {@code name}, {@code title}, {@code url}, {@code severity},
 * {@code range}) and the names of the dependencies through which it is vulnerable (strings: those advisories are
 * counted once, under the package they hit). Each advisory is one vulnerability, named by its GitHub advisory id
 * (the last part of its {@code url}), else {@code npm-<source>}; severity {@code critical}, {@code high},
 * {@code moderate} (MEDIUM), {@code low}, {@code info} (LOW). The fix is the entry's {@code fixAvailable}: an object
 * names the package and version to install ({@code lodash@4.17.21}, {@code (semver major)} when it is one), {@code true}
 * a version outside the advisory's range, {@code false} none. npm's error output ({@code {"error": …}}, when it could
 * not audit) and npm 6's report ({@code advisories}) are refused with what they say.
 */
public final class NpmAuditJsonParser {

    public List<Vulnerability> parse(ReportFile file) throws ReportParseException {
        JsonNode root = file.json();
        if (root == null || !root.isObject()) {
            throw new ReportParseException(file.path() + ": not npm's audit report (no JSON object)");
        }
        if (root.has("error")) {
            throw new ReportParseException(file.path() + ": npm audit did not audit: " + errorText(root));
        }
        JsonNode version = root.path("auditReportVersion");
        if (!version.isInt() || version.asInt() != 2) {
            throw new ReportParseException(file.path() + ": auditReportVersion is " + (version.isMissingNode() ? "missing" : version)
                    + ", expected 2" + (root.has("advisories") ? " (npm 6's report: audit with npm 7 or later)" : ""));
        }
        JsonNode vulnerabilities = root.path("vulnerabilities");
        if (!vulnerabilities.isObject()) {
            throw new ReportParseException(file.path() + ": vulnerabilities is " + (vulnerabilities.isMissingNode() ? "missing" : "not an object"));
        }
        List<Vulnerability> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vulnerabilities.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String at = "vulnerabilities." + entry.getKey();
            JsonNode via = entry.getValue().path("via");
            if (!via.isArray()) {
                throw new ReportParseException(file.path() + ": " + at + ".via is " + (via.isMissingNode() ? "missing" : "not an array"));
            }
            String target = entry.getValue().path("nodes").path(0).asText("package-lock.json");
            for (int i = 0; i < via.size(); i++) {
                JsonNode advisory = via.get(i);
                if (advisory.isTextual()) {
                    continue;
                }
                String where = at + ".via[" + i + "]";
                if (!advisory.isObject()) {
                    throw new ReportParseException(file.path() + ": " + where + " is neither an advisory nor a package name");
                }
                String id = id(advisory, where, file);
                String name = text(advisory, "name", where, file);
                String severity = text(advisory, "severity", where, file);
                if (seen.add(id + " " + name)) {
                    found.add(new Vulnerability(id, name, null, fix(entry.getValue().path("fixAvailable"), advisory),
                            Vulnerability.severityNamed(severity), target));
                }
            }
        }
        return found;
    }

    private static String id(JsonNode advisory, String where, ReportFile file) throws ReportParseException {
        String url = advisory.path("url").asText("");
        String last = url.substring(url.lastIndexOf('/') + 1);
        if (last.startsWith("GHSA-")) {
            return last;
        }
        JsonNode source = advisory.path("source");
        if (source.isNumber() || source.isTextual() && !source.asText().isBlank()) {
            return "npm-" + source.asText();
        }
        throw new ReportParseException(file.path() + ": " + where + " has neither a GHSA url nor a source");
    }

    private static String fix(JsonNode fixAvailable, JsonNode advisory) {
        if (fixAvailable.isObject() && fixAvailable.hasNonNull("name") && fixAvailable.hasNonNull("version")) {
            return fixAvailable.get("name").asText() + "@" + fixAvailable.get("version").asText()
                    + (fixAvailable.path("isSemVerMajor").asBoolean(false) ? " (semver major)" : "");
        }
        if (fixAvailable.asBoolean(false)) {
            String range = advisory.path("range").asText("");
            return range.isBlank() ? "a later version" : "a version outside " + range;
        }
        return null;
    }

    private static String text(JsonNode advisory, String field, String where, ReportFile file) throws ReportParseException {
        JsonNode value = advisory.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ReportParseException(file.path() + ": " + where + "." + field + " is missing");
        }
        return value.asText();
    }

    /** What npm said: its {@code message}, else {@code error.summary}, else {@code error.code}. */
    private static String errorText(JsonNode root) {
        for (String text : List.of(root.path("message").asText(""), root.path("error").path("summary").asText(""),
                root.path("error").path("code").asText(""), root.path("error").asText(""))) {
            if (!text.isBlank()) {
                return text.strip();
            }
        }
        return "its error output gives no reason";
    }
}
