package dev.serverlesscd.functions.plan;

/**
 * A stage instance the plan leaves out, shaped as the run's checks show it ({@code stage}: its name as shown,
 * {@code key}, {@code status} SKIPPED, and why: its {@code when:} does not hold, or a stage it needs does not run).
 */
public record SkippedStage(String stage, String key, String judgedAs, String onFailure, String status, String reason) {
    public static final String SKIPPED = "SKIPPED";

    static SkippedStage of(PlannedStage stage, String reason) {
        return new SkippedStage(stage.name(), stage.key(), stage.judgedAs(), stage.onFailure(), SKIPPED, reason);
    }
}
