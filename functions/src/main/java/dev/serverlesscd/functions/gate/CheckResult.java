package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.common.Json;

/**
 * One check stage as the state machine passes it to the gate (docs/architecture.md, "Checks"):
 * {@code {"stage": "test", "status": "SUCCEEDED", "buildId": "orders-test:…"}} or, for a caught failure,
 * {@code {"stage": "test", "status": "FAILED", "buildId": null, "error": "States.TaskFailed", "cause": "…"}}.
 * A stage of the run's plan also says where its reports are ({@code key}: {@code runs/<runId>/<key>/}; the stage's
 * name when absent), what it is judged as ({@code judgedAs}: tests, findings, lint, benchmark or none; absent: by
 * its name, as before stages were declared), whether its failure only warns ({@code onFailure: warn}) and, for a
 * stage skipped because a stage it needs did not succeed ({@code status: SKIPPED}), {@code reason}.
 */
public record CheckResult(String stage, String status, String buildId, String error, String cause, String key,
        String judgedAs, String onFailure, String reason) {
    private static final int MAX_CAUSE = 200;

    /** A check named by its stage alone (judged by that name). */
    public CheckResult(String stage, String status, String buildId, String error, String cause) {
        this(stage, status, buildId, error, cause, null, null, null, null);
    }

    /** Where its reports are: {@code key}, or the stage's name. */
    public String reportsKey() {
        return key == null || key.isBlank() ? stage : key;
    }

    /** Whether its failure only warns. */
    public boolean warnOnly() {
        return "warn".equals(onFailure);
    }

    public boolean skipped() {
        return "SKIPPED".equals(status);
    }

    /** The judge it asks for: by {@code judgedAs} (null for none), or its stage's name when it declares nothing. */
    public java.util.Optional<String> judge() {
        if (judgedAs == null || judgedAs.isBlank()) {
            return java.util.Optional.of(stage);
        }
        return dev.serverlesscd.functions.config.JudgedAs.named(judgedAs)
                .map(dev.serverlesscd.functions.config.JudgedAs::judge);
    }

    public boolean succeeded() {
        return "SUCCEEDED".equals(status);
    }

    /**
     * The check's CodeBuild build: {@code buildId}, or for a build that ran and failed the {@code Build.Id} of the
     * cause (the {@code .sync} integration fails the task with the build document as its cause, which the state
     * machine's Catch passes on). Null when the build never started or the cause is not that document.
     */
    public String build() {
        if (buildId != null && !buildId.isBlank()) {
            return buildId;
        }
        if (cause == null || !cause.stripLeading().startsWith("{")) {
            return null;
        }
        try {
            String id = Json.MAPPER.readTree(cause).path("Build").path("Id").asText("");
            return id.isBlank() ? null : id;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * Why the build did not succeed, in one short line. A cause that is CodeBuild's build document names the failing
     * phase, CodeBuild's reason (the command, or why the source could not be fetched) and, when the cause has them,
     * the last lines of the build's log ({@link BuildFailure}); any other cause is quoted, cut at 200 characters.
     */
    public String failure() {
        java.util.Optional<BuildFailure> build = BuildFailure.parse(cause);
        if (build.isPresent()) {
            return "the build " + build.get().oneLine();
        }
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
