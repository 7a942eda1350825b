package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.config.Tier;
import dev.serverlesscd.functions.reports.StageReports;

/** Judges one kind of check stage from the reports its build wrote, against the tier's thresholds. */
public interface StageJudge {

    /** The stage it judges: test, scan, lint or benchmark. */
    String stage();

    /** Never a PASS for a report that is missing or cannot be read. {@code reports} is never empty here. */
    StageJudgement judge(StageReports reports, Tier tier);

    /**
     * The same with the gate's context: judges that compare with a baseline (coverage drop, performance) read it
     * there and leave their measurements in it. By default the context is not needed.
     */
    default StageJudgement judge(StageReports reports, Tier tier, GateContext context) {
        return judge(reports, tier);
    }
}
