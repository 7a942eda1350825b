package dev.serverlesscd.functions.deploy;

/** Where a rollout stands, as {@code kubectl rollout status} would say it. */
public enum RolloutState {
    PROGRESSING,
    COMPLETE,
    FAILED
}
