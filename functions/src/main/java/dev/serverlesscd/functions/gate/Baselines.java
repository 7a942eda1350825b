package dev.serverlesscd.functions.gate;

import java.time.Instant;
import java.util.Optional;

/**
 * The port to the baselines the gate compares with: per repository and kind, what the last successful run of the
 * default branch measured. The gate {@link #propose}s what a default-branch run measured; the run's recorder
 * {@link #promote}s those candidates when the run ends SUCCEEDED ({@code run.RunRecorder#finish}), so a baseline
 * is only ever a run that passed every stage. {@link DynamoDbBaselines} is the adapter.
 */
public interface Baselines {

    Optional<Baseline> find(String repository, Baseline.Kind kind);

    /** Keeps {@code measured} as run {@code runId}'s candidate of its kind (replacing an earlier one of that run). */
    void propose(String repository, String runId, Baseline measured);

    /**
     * Makes run {@code runId}'s candidates the baselines of {@code repository}, unless a newer measurement is
     * already the baseline; answers how many became baselines.
     */
    int promote(String repository, String runId, Instant at);

    /** No baselines: nothing is compared, every comparison says so. */
    Baselines NONE = new Baselines() {
        @Override
        public Optional<Baseline> find(String repository, Baseline.Kind kind) {
            return Optional.empty();
        }

        @Override
        public void propose(String repository, String runId, Baseline measured) {
        }

        @Override
        public int promote(String repository, String runId, Instant at) {
            return 0;
        }
    };
}
