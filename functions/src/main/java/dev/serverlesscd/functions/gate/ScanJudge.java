package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.reports.Finding;
import dev.serverlesscd.functions.reports.ReportFile;
import dev.serverlesscd.functions.reports.StageReports;
import java.util.List;
import java.util.Map;

/**
 * The scan stage: SARIF results of level {@code error} fail a tier whose thresholds say so (full) and are warnings
 * otherwise; results of level {@code warning} are warnings. A scanner that could not run leaves a file named
 * {@code skipped} or {@code <name>.skipped} holding why: it is reported as {@code skipped: <why>} and counted as a
 * warning, never as a pass.
 */
public final class ScanJudge implements StageJudge {
    private static final String REPORT = "scan report";

    @Override
    public String stage() {
        return "scan";
    }

    @Override
    public StageJudgement judge(StageReports reports, TierThresholds thresholds) {
        StageJudgement judgement = new StageJudgement();
        List<ReportFile> sarif = SarifFindings.files(reports);
        List<ReportFile> skipped = reports.matching(f -> f.name().equals("skipped") || f.hasExtension("skipped"));
        if (sarif.isEmpty() && skipped.isEmpty()) {
            judgement.error(REPORT, "missing", "no SARIF and no skipped marker under " + reports.location());
            return judgement;
        }
        List<Finding> findings = SarifFindings.read(sarif, REPORT, judgement);
        if (findings == null) {
            return judgement;
        }
        Map<String, List<Finding>> byTool = SarifFindings.byTool(findings);
        for (Map.Entry<String, List<Finding>> tool : byTool.entrySet()) {
            List<Finding> errors = tool.getValue().stream().filter(f -> "error".equals(f.level())).toList();
            List<Finding> warnings = tool.getValue().stream().filter(f -> "warning".equals(f.level())).toList();
            if (!errors.isEmpty()) {
                String text = SarifFindings.describe(tool.getKey(), "error", errors);
                if (thresholds.scanErrorsFail()) {
                    judgement.fail(text);
                } else {
                    judgement.warn(text + ", a warning for tier " + thresholds.tier());
                }
            }
            if (!warnings.isEmpty()) {
                judgement.warn(SarifFindings.describe(tool.getKey(), "warning", warnings));
            }
            int notes = tool.getValue().size() - errors.size() - warnings.size();
            if (errors.isEmpty() && warnings.isEmpty()) {
                judgement.note(tool.getKey() + ": no findings" + (notes > 0 ? " above note level (" + notes + " notes)" : ""));
            }
        }
        if (byTool.isEmpty() && !sarif.isEmpty()) {
            judgement.note(sarif.size() == 1 ? "no findings" : "no findings in " + sarif.size() + " SARIF reports");
        }
        for (ReportFile marker : skipped) {
            judgement.warn(skippedReason(marker));
        }
        return judgement;
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
