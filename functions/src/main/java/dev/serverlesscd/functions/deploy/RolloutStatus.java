package dev.serverlesscd.functions.deploy;

/** The CheckRollout answer: the state, kubectl's sentence for it, and the replica counts it was read from. */
public record RolloutStatus(RolloutState status, String reason, int readyReplicas, int replicas) {
}
