package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.config.Tier;
import dev.serverlesscd.functions.reports.StageReports;

/** Judges one kind of check stage from the reports its build wrote, against the tier's thresholds. */
public interface StageJudge {

    /** The stage it judges: test, scan, lint or benchmark. */
    String stage();

    /**
     * Whether it judges what the stage's build published to its report groups ({@link StageReports#groups()}) as
     * well as the files: only then does the gate ask for them.
     */
    default boolean readsReportGroups() {
        return false;
    }

    /**
     * Never a PASS for a report that is missing or cannot be read. {@code reports} is never empty here. Judges that
     * compare with a baseline (coverage drop, performance) read it in {@code context} and leave their measurements
     * there; the others ignore it.
     */
    StageJudgement judge(StageReports reports, Tier tier, GateContext context);

    /** The same with no baseline to compare with. */
    default StageJudgement judge(StageReports reports, Tier tier) {
        return judge(reports, tier, GateContext.none());
    }
}
