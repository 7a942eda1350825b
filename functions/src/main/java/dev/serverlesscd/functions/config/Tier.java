package dev.serverlesscd.functions.config;

/**
 * A tier's gate thresholds: how strictly the gates judge a run's reports.
 *
 * @param maxFailedTests         failed tests allowed (0: any failure fails the gate)
 * @param minCoverage            line coverage in percent below which the gate fails
 * @param maxCoverageDrop        percentage points coverage may drop against the last good run before the gate fails
 * @param failOnSeverity         the lowest vulnerability severity that fails the gate: NONE (never), LOW, MEDIUM,
 *                               HIGH, CRITICAL
 * @param performanceWarnPercent benchmark regression in percent that warns
 * @param performanceFailPercent benchmark regression in percent that fails
 * @param maxImageGrowthPercent  image size growth in percent against the last good image that fails
 */
public record Tier(
        String name,
        int maxFailedTests,
        double minCoverage,
        double maxCoverageDrop,
        String failOnSeverity,
        double performanceWarnPercent,
        double performanceFailPercent,
        double maxImageGrowthPercent) {

    public static final String FULL = "full";
    public static final String STANDARD = "standard";
    public static final String BASIC = "basic";
}
