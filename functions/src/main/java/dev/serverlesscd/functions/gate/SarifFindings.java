package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.reports.Finding;
import dev.serverlesscd.functions.reports.ReportFile;
import dev.serverlesscd.functions.reports.ReportFormat;
import dev.serverlesscd.functions.reports.ReportParseException;
import dev.serverlesscd.functions.reports.StageReports;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SARIF files of a stage ({@code *.sarif}, {@code *.sarif.json}), read together; shared by scan and lint. */
final class SarifFindings {
    private SarifFindings() {
    }

    static List<ReportFile> files(StageReports reports) {
        return reports.reportsOf(ReportFormat.Kind.FINDINGS);
    }

    /** Every finding, or null after recording an {@code error: <report> invalid} in the judgement. */
    static List<Finding> read(List<ReportFile> files, String report, StageJudgement judgement) {
        List<Finding> findings = new ArrayList<>();
        for (ReportFile file : files) {
            try {
                findings.addAll(ReportFormat.SARIF.findings(file));
            } catch (ReportParseException e) {
                judgement.error(report, "invalid", e.getMessage());
                return null;
            }
        }
        return findings;
    }

    /** The tools that ran, each with no findings or none; in file order. */
    static Map<String, List<Finding>> byTool(List<Finding> findings) {
        Map<String, List<Finding>> tools = new LinkedHashMap<>();
        for (Finding finding : findings) {
            tools.computeIfAbsent(finding.tool(), t -> new ArrayList<>()).add(finding);
        }
        return tools;
    }

    static String describe(String tool, String what, List<Finding> findings) {
        List<String> places = findings.stream().map(Finding::where).toList();
        return tool + ": " + findings.size() + " " + what + (findings.size() == 1 ? "" : "s")
                + " (" + StageJudgement.firstOf(places, 5) + ")";
    }
}
