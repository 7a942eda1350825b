package dev.serverlesscd.functions.deploy;

/** The HealthCheck answer: healthy only if every check that was made passed; the detail names what was checked. */
public record HealthReport(boolean healthy, String detail) {
}
