package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.config.Tier;
import dev.serverlesscd.functions.reports.StageReports;

/** Judges one kind of check stage from the reports its build wrote, against the tier's thresholds. */
public interface StageJudge {

    /** The stage it judges: test, scan or lint. */
    String stage();

    /** Never a PASS for a report that is missing or cannot be read. {@code reports} is never empty here. */
    StageJudgement judge(StageReports reports, Tier tier);
}
