package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.config.Severity;
import dev.serverlesscd.functions.config.Tier;
import dev.serverlesscd.functions.reports.Cvss3;
import dev.serverlesscd.functions.reports.Finding;
import dev.serverlesscd.functions.reports.ReportFile;
import dev.serverlesscd.functions.reports.ReportFormat;
import dev.serverlesscd.functions.reports.ReportParseException;
import dev.serverlesscd.functions.reports.StageReports;
import dev.serverlesscd.functions.reports.Vulnerability;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scan stage: each SARIF result has a severity ({@link #severity}); one at or above the tier's
 * {@code failOnSeverity} fails, one at or above its {@code warnOnSeverity} warns, others are noted. With the default
 * tiers a result of level {@code error} (HIGH) fails tier full and warns standard and basic; a result of level
 * {@code warning} (MEDIUM) warns tier full. A reason names a scored result by its severity
 * ({@code secret-scan: 1 CRITICAL finding (private-key at deploy-key.pem:1)}), an unscored one by its level. A scanner that could not run leaves a file named
 * {@code skipped} or {@code <name>.skipped} holding why: it is reported as {@code skipped: <why>} and counted as a
 * warning, never as a pass. The dependency scanners' reports ({@link ReportFormat.Kind#VULNERABILITIES}: Trivy's,
 * cargo-audit's and npm audit's JSON) are judged by the same severity rule, each vulnerability by its severity, and
 * named by their tool ({@code cargo-audit: 1 CRITICAL (…)}).
 */
public final class ScanJudge implements StageJudge {
    private static final String REPORT = "scan report";
    private static final List<String> LEVELS = List.of("error", "warning", "note", "none");

    @Override
    public String stage() {
        return "scan";
    }

    @Override
    public StageJudgement judge(StageReports reports, Tier tier, GateContext context) {
        StageJudgement judgement = new StageJudgement();
        List<ReportFile> sarif = SarifFindings.files(reports);
        List<ReportFile> skipped = reports.matching(f -> f.name().equals("skipped") || f.hasExtension("skipped"));
        List<ReportFile> audits = reports.reportsOf(ReportFormat.Kind.VULNERABILITIES);
        if (sarif.isEmpty() && skipped.isEmpty() && audits.isEmpty()) {
            judgement.error(REPORT, "missing", "no " + ReportFormat.describe(ReportFormat.Kind.FINDINGS) + ", no "
                    + ReportFormat.describe(ReportFormat.Kind.VULNERABILITIES) + " and no skipped marker under " + reports.location());
            return judgement;
        }
        Map<ReportFormat, List<Vulnerability>> vulnerabilities = new LinkedHashMap<>();
        for (ReportFile file : audits) {
            ReportFormat format = file.format().orElseThrow();
            try {
                vulnerabilities.computeIfAbsent(format, f -> new ArrayList<>()).addAll(format.vulnerabilities(file));
            } catch (ReportParseException e) {
                return judgement.error(REPORT, "invalid", e.getMessage());
            }
        }
        List<Finding> findings = SarifFindings.read(sarif, REPORT, judgement);
        if (findings == null) {
            return judgement;
        }
        Map<String, List<Finding>> byTool = SarifFindings.byTool(findings);
        for (Map.Entry<String, List<Finding>> tool : byTool.entrySet()) {
            boolean flagged = false;
            for (Map.Entry<String, List<Finding>> group : bySeverityOrLevel(tool.getValue()).entrySet()) {
                List<Finding> failing = group.getValue().stream().filter(f -> tier.failsOn(severity(f))).toList();
                List<Finding> warning = group.getValue().stream().filter(f -> tier.warnsOn(severity(f))).toList();
                if (!failing.isEmpty()) {
                    judgement.fail(SarifFindings.describe(tool.getKey(), group.getKey(), failing));
                }
                if (!warning.isEmpty()) {
                    String text = SarifFindings.describe(tool.getKey(), group.getKey(), warning);
                    boolean wouldFailAStricterTier = severity(warning.get(0)).compareTo(Severity.HIGH) >= 0;
                    judgement.warn(wouldFailAStricterTier ? text + ", a warning for tier " + tier.name() : text);
                }
                flagged |= !failing.isEmpty() || !warning.isEmpty();
            }
            if (!flagged) {
                judgement.note(tool.getKey() + ": no findings that warn or fail tier " + tier.name() + " ("
                        + tool.getValue().size() + " below its thresholds)");
            }
        }
        vulnerabilities.forEach((format, found) -> BaselineRules.vulnerabilities(format.tool(), found, tier, judgement));
        if (byTool.isEmpty() && !sarif.isEmpty()) {
            judgement.note(sarif.size() == 1 ? "no findings" : "no findings in " + sarif.size() + " SARIF reports");
        }
        for (ReportFile marker : skipped) {
            judgement.warn(skippedReason(marker));
        }
        return judgement;
    }

    /**
     * A result's severity: its {@code security-severity} (a CVSS score, GitHub code scanning's convention, on the
     * result's or its rule's properties: 9.0 and up CRITICAL, 7.0 HIGH, 4.0 MEDIUM, above 0 LOW), else by SARIF
     * level: {@code error} HIGH, {@code warning} MEDIUM, {@code note} LOW, {@code none} NONE.
     */
    static Severity severity(Finding finding) {
        if (finding.securitySeverity() != null) {
            return Cvss3.rating(finding.securitySeverity());
        }
        return switch (finding.level() == null ? "warning" : finding.level()) {
            case "error" -> Severity.HIGH;
            case "warning" -> Severity.MEDIUM;
            case "note" -> Severity.LOW;
            default -> Severity.NONE;
        };
    }

    /**
     * A tool's findings in the groups its reasons name, most severe first: those with a {@code security-severity}
     * by that severity ({@code "CRITICAL finding"}, so the reason says how severe), then the others by SARIF level
     * ({@code "error"}, {@code "warning"}, …).
     */
    private static Map<String, List<Finding>> bySeverityOrLevel(List<Finding> findings) {
        Map<String, List<Finding>> groups = new LinkedHashMap<>();
        List<Severity> severities = new ArrayList<>(List.of(Severity.values()));
        java.util.Collections.reverse(severities);
        for (Severity severity : severities) {
            List<Finding> scored = findings.stream()
                    .filter(f -> f.securitySeverity() != null && severity(f) == severity).toList();
            if (!scored.isEmpty()) {
                groups.put(severity.name() + " finding", scored);
            }
        }
        for (String level : LEVELS) {
            List<Finding> atLevel = findings.stream()
                    .filter(f -> f.securitySeverity() == null && level.equals(f.level())).toList();
            if (!atLevel.isEmpty()) {
                groups.put(level, atLevel);
            }
        }
        return groups;
    }

    static String skippedReason(ReportFile marker) {
        String text = marker.text().strip();
        if (text.isEmpty()) {
            return "skipped: " + marker.path() + " gives no reason";
        }
        String firstLine = text.lines().findFirst().orElse(text);
        return firstLine.startsWith("skipped:") ? firstLine : "skipped: " + firstLine;
    }
}
