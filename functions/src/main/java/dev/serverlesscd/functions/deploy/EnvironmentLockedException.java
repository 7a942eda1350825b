package dev.serverlesscd.functions.deploy;

import java.time.Instant;

/**
 * {@code Deploy.EnvironmentLocked}: another run or manual rollback holds the environment's lock, so this one does not
 * change it now. The state machines retry it with backoff; when the retries run out the message says who holds the
 * lock and since when.
 */
public class EnvironmentLockedException extends DeployException {
    private final String holder;
    private final Instant since;

    public EnvironmentLockedException(DeploymentRef ref, String owner, String holder, Instant since, Instant expiresAt) {
        super("Deploy.EnvironmentLocked", owner + " does not change " + ref + " now: " + holder
                + " holds its lock since " + since + " (until it ends, at the latest " + expiresAt + ")");
        this.holder = holder;
        this.since = since;
    }

    /** Who holds the lock: a run's id or a manual rollback's id. */
    public String holder() {
        return holder;
    }

    /** When the holder took it (last). */
    public Instant since() {
        return since;
    }
}
