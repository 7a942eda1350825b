package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.config.Tier;
import dev.serverlesscd.functions.reports.BenchmarkResult;
import dev.serverlesscd.functions.reports.JmhJsonParser;
import dev.serverlesscd.functions.reports.ReportFile;
import dev.serverlesscd.functions.reports.ReportParseException;
import dev.serverlesscd.functions.reports.StageReports;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark stage: JMH's JSON results ({@code *.json}, as {@code -rf json} writes them), each benchmark's primary
 * score against the baseline's: more than the tier's {@code performanceFailPercent} slower fails, more than its
 * {@code performanceWarnPercent} warns. With no baseline yet nothing is compared, and the note says so.
 */
public final class BenchmarkJudge implements StageJudge {
    private static final String REPORT = "benchmark report";
    private final JmhJsonParser parser = new JmhJsonParser();

    @Override
    public String stage() {
        return "benchmark";
    }

    @Override
    public StageJudgement judge(StageReports reports, Tier tier, GateContext context) {
        StageJudgement judgement = new StageJudgement();
        List<ReportFile> files = reports.matching(f -> f.hasExtension("json"));
        if (files.isEmpty()) {
            return judgement.error(REPORT, "missing", "no JMH JSON (*.json) under " + reports.location());
        }
        List<BenchmarkResult> results = new ArrayList<>();
        for (ReportFile file : files) {
            try {
                results.addAll(parser.parse(file));
            } catch (ReportParseException e) {
                return judgement.error(REPORT, "invalid", e.getMessage());
            }
        }
        BaselineRules.performance(results, context, tier, judgement);
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        results.forEach(r -> {
            scores.put(r.key(), r.score());
            units.put(r.key(), r.unit());
        });
        context.measured(context.measurement(Baseline.Kind.BENCHMARK, scores, units, null));
        return judgement;
    }
}
