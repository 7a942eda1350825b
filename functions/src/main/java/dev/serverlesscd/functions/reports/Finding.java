package dev.serverlesscd.functions.reports;

/**
 * One SARIF result: which rule, how severe ({@code error}, {@code warning}, {@code note}, {@code none}), where;
 * {@code securitySeverity} is its {@code security-severity} property (a CVSS score), or null when it has none.
 */
public record Finding(String tool, String ruleId, String level, String message, String uri, Integer line,
        Double securitySeverity) {

    /** {@code ruleId at path:line}, or less when the result has no location. */
    public String where() {
        String rule = ruleId == null ? tool : ruleId;
        if (uri == null) {
            return rule;
        }
        return rule + " at " + uri + (line == null ? "" : ":" + line);
    }
}
