package dev.serverlesscd.functions.gate;

/**
 * One check stage as the state machine passes it to the gate (docs/architecture.md, "Checks"):
 * {@code {"stage": "test", "status": "SUCCEEDED", "buildId": "orders-test:…"}} or, for a caught failure,
 * {@code {"stage": "test", "status": "FAILED", "buildId": null, "error": "States.TaskFailed", "cause": "…"}}.
 */
public record CheckResult(String stage, String status, String buildId, String error, String cause) {
    private static final int MAX_CAUSE = 200;

    public boolean succeeded() {
        return "SUCCEEDED".equals(status);
    }

    /** Why the build did not succeed, in one short line. */
    public String failure() {
        StringBuilder text = new StringBuilder("the build ").append(status == null ? "has no status" : status);
        if (error != null || cause != null) {
            text.append(" (").append(error == null ? "" : error);
            if (cause != null && !cause.isBlank()) {
                String shortCause = cause.length() > MAX_CAUSE ? cause.substring(0, MAX_CAUSE) + "…" : cause;
                text.append(error == null ? "" : ": ").append(shortCause.replaceAll("\\s+", " "));
            }
            text.append(')');
        }
        return text.toString();
    }
}
