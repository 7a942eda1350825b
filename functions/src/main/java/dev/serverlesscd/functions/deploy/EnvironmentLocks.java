package dev.serverlesscd.functions.deploy;

import dev.serverlesscd.functions.run.RunLocks;
import java.time.Duration;
import java.time.Instant;

/**
 * One deployment per environment at a time (docs/architecture.md, "Environments", lock). An environment is its
 * Deployment ({@link DeploymentRef}); its owner is the pipeline run's id or the manual rollback's id. A lock expires
 * {@link #TTL} after it was last taken, so an owner that crashed cannot hold it for ever.
 */
public interface EnvironmentLocks extends RunLocks {

    /** How long a lock holds without its owner taking it again: longer than any deploy, rollout and smoke test. */
    Duration TTL = Duration.ofHours(2);

    /**
     * Takes the lock of {@code ref} for {@code owner} until {@code now + TTL}: when nobody holds it, when
     * {@code owner} holds it already (taken again: the expiry moves on) or when its holder's lock expired.
     *
     * @throws EnvironmentLockedException another owner holds it (named, with since when)
     */
    void acquire(DeploymentRef ref, String owner, Instant now);

    /** Releases the lock of {@code ref} if {@code owner} holds it; answers whether it did. */
    boolean release(DeploymentRef ref, String owner);

    /** No locks: every acquire succeeds (tests and tools that run one pipeline at a time). */
    EnvironmentLocks NONE = new EnvironmentLocks() {
        @Override
        public void acquire(DeploymentRef ref, String owner, Instant now) {
        }

        @Override
        public boolean release(DeploymentRef ref, String owner) {
            return false;
        }

        @Override
        public int releaseAll(String owner) {
            return 0;
        }
    };
}
