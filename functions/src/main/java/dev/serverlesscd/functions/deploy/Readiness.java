package dev.serverlesscd.functions.deploy;

/** Whether a Deployment is available with all its replicas ready, and the numbers that say so. */
public record Readiness(boolean ready, String detail) {
}
