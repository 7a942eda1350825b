package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.config.Tier;
import dev.serverlesscd.functions.reports.Finding;
import dev.serverlesscd.functions.reports.ReportFile;
import dev.serverlesscd.functions.reports.StageReports;
import java.util.List;
import java.util.Map;

/**
 * The lint stage: the linters' SARIF. A lint runs with warnings as errors, so any result of level {@code error}
 * or {@code warning} fails; notes do not.
 */
public final class LintJudge implements StageJudge {
    private static final String REPORT = "lint report";

    @Override
    public String stage() {
        return "lint";
    }

    @Override
    public StageJudgement judge(StageReports reports, Tier tier, GateContext context) {
        StageJudgement judgement = new StageJudgement();
        List<ReportFile> sarif = SarifFindings.files(reports);
        if (sarif.isEmpty()) {
            judgement.error(REPORT, "missing", "no SARIF under " + reports.location());
            return judgement;
        }
        List<Finding> findings = SarifFindings.read(sarif, REPORT, judgement);
        if (findings == null) {
            return judgement;
        }
        Map<String, List<Finding>> byTool = SarifFindings.byTool(findings);
        for (Map.Entry<String, List<Finding>> tool : byTool.entrySet()) {
            List<Finding> failing = tool.getValue().stream()
                    .filter(f -> "error".equals(f.level()) || "warning".equals(f.level())).toList();
            if (failing.isEmpty()) {
                judgement.note(tool.getKey() + ": no findings above note level");
            } else {
                judgement.fail(SarifFindings.describe(tool.getKey(), "finding", failing));
            }
        }
        if (byTool.isEmpty()) {
            judgement.note("no findings");
        }
        return judgement;
    }
}
