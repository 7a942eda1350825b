package dev.serverlesscd.functions.config;

/**
 * A tier's gate thresholds: how strictly the gates judge a run's reports. The defaults are
 * {@link DefaultBranchModel#TIERS}; docs/configuration.md lists them.
 *
 * @param maxFailedTests         failed tests allowed (0: any failure fails the gate)
 * @param minCoverage            line coverage in percent below which the gate fails; 0: no minimum, and no coverage
 *                               report is required
 * @param maxCoverageDrop        percentage points coverage may drop against the last successful run of the default
 *                               branch; more fails
 * @param failOnSeverity         the lowest vulnerability severity that fails the gate (NONE: never fails)
 * @param warnOnSeverity         the lowest vulnerability severity that warns (NONE: never warns); at most
 *                               {@code failOnSeverity}
 * @param performanceWarnPercent benchmark regression in percent above which the gate warns
 * @param performanceFailPercent benchmark regression in percent above which the gate fails
 * @param imageGrowthWarnMb      image size growth in MB against the last good image above which the gate warns
 * @param imageGrowthFailMb      image size growth in MB against the last good image above which the gate fails
 */
public record Tier(
        String name,
        int maxFailedTests,
        double minCoverage,
        double maxCoverageDrop,
        Severity failOnSeverity,
        Severity warnOnSeverity,
        double performanceWarnPercent,
        double performanceFailPercent,
        double imageGrowthWarnMb,
        double imageGrowthFailMb) {

    public static final String FULL = "full";
    public static final String STANDARD = "standard";
    public static final String BASIC = "basic";

    /** Whether the tier asks a minimum line coverage (and so a coverage report). */
    public boolean asksCoverage() {
        return minCoverage > 0;
    }

    /** Whether a vulnerability of this severity fails the gate. */
    public boolean failsOn(Severity severity) {
        return failOnSeverity.isReachedBy(severity);
    }

    /** Whether a vulnerability of this severity, not failing, warns. */
    public boolean warnsOn(Severity severity) {
        return !failsOn(severity) && warnOnSeverity.isReachedBy(severity);
    }
}
