package dev.serverlesscd.functions.run;

/**
 * The environment locks a run (or a manual rollback) may still hold (docs/architecture.md, "Environments", lock):
 * {@link RunRecorder#finish} releases them all, the safety net for a run that ended without recording its deploy.
 * {@code deploy.EnvironmentLocks} is the implementation; the port lives here so that {@code run} needs nothing of
 * {@code deploy}.
 */
public interface RunLocks {

    /** Releases every lock {@code owner} holds; answers how many it released. Idempotent. */
    int releaseAll(String owner);

    /** No locks: for tests and tools that run one pipeline at a time. */
    RunLocks NONE = owner -> 0;
}
