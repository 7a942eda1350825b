package dev.serverlesscd.functions.gate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Why a CodeBuild build failed, read from the cause the {@code codebuild:startBuild.sync} integration fails its task
 * with: the build document ({@code {"Build": {"Id", "BuildStatus", "Phases": [{"PhaseType", "PhaseStatus",
 * "Contexts": [{"StatusCode", "Message"}]}], …}}}, as {@code BatchGetBuilds} returns it; keys read in any case, so the
 * SDK's {@code phases[].phaseType} reads too). The failing phase is the first whose status is not SUCCEEDED; its
 * first context's message is CodeBuild's reason ({@code Error while executing command: ./mvnw …. Reason: exit status
 * 1}, or {@code CLIENT_ERROR}'s text for a source that cannot be fetched). The local build runner adds the last lines
 * of the build's log to that message, after a line {@value #LOG_TAIL}; CodeBuild's own messages have none (its log
 * is in CloudWatch Logs, named by {@code Logs.GroupName} and {@code Logs.StreamName}).
 */
public record BuildFailure(String buildId, String buildStatus, String phase, String phaseStatus, String statusCode,
        String reason, List<String> logTail) {
    /** The line before the last lines of the log in a phase context's message (the local runner writes it). */
    public static final String LOG_TAIL = "Last lines of the log:";
    private static final int ONE_LINE_TAIL = 3;
    private static final int MAX_LINE = 160;

    public BuildFailure {
        logTail = logTail == null ? List.of() : List.copyOf(logTail);
    }

    /** The failure in {@code cause}, when it is a build document with a failed phase (empty otherwise). */
    public static Optional<BuildFailure> parse(String cause) {
        if (cause == null || !cause.stripLeading().startsWith("{")) {
            return Optional.empty();
        }
        JsonNode build;
        try {
            build = field(Json.MAPPER.readTree(cause), "build");
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
        if (build == null || !build.isObject()) {
            return Optional.empty();
        }
        String id = text(field(build, "id"));
        String status = text(field(build, "buildStatus"));
        JsonNode phases = field(build, "phases");
        if (phases != null && phases.isArray()) {
            for (JsonNode phase : phases) {
                String phaseStatus = text(field(phase, "phaseStatus"));
                if (phaseStatus == null || phaseStatus.equals("SUCCEEDED")) {
                    continue;
                }
                String code = null;
                String message = null;
                JsonNode contexts = field(phase, "contexts");
                if (contexts != null && contexts.isArray()) {
                    for (JsonNode context : contexts) {
                        code = text(field(context, "statusCode"));
                        message = text(field(context, "message"));
                        if (message != null && !message.isBlank()) {
                            break;
                        }
                    }
                }
                String reason = message == null ? "" : message;
                List<String> tail = new ArrayList<>();
                int at = reason.indexOf("\n" + LOG_TAIL);
                if (at >= 0) {
                    reason.substring(at + LOG_TAIL.length() + 1).lines().filter(l -> !l.isBlank()).forEach(tail::add);
                    reason = reason.substring(0, at);
                }
                return Optional.of(new BuildFailure(id, status, text(field(phase, "phaseType")), phaseStatus, code,
                        reason.strip(), tail));
            }
        }
        return status == null ? Optional.empty() : Optional.of(new BuildFailure(id, status, null, null, null, "", List.of()));
    }

    /**
     * One line for a verdict: {@code FAILED in BUILD: Error while executing command: ./mvnw …. Reason: exit status 1;
     * its log ended: "…" / "…"} (the last three lines of the log when the cause has them).
     */
    public String oneLine() {
        StringBuilder text = new StringBuilder(buildStatus == null ? phaseStatus : buildStatus);
        if (phase != null) {
            text.append(" in ").append(phase);
        }
        if (!reason.isEmpty()) {
            text.append(": ").append(clip(reason.replaceAll("\\s+", " ")));
        }
        if (!logTail.isEmpty()) {
            List<String> last = logTail.subList(Math.max(0, logTail.size() - ONE_LINE_TAIL), logTail.size());
            text.append("; its log ended: ").append(String.join(" / ", last.stream().map(l -> '"' + clip(l.strip()) + '"').toList()));
        }
        return text.toString();
    }

    /** Several lines for a reader ({@code pipeline runs show}): the phase and reason, then the log's last lines. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("build " + (buildId == null ? "" : buildId + " ") + (buildStatus == null ? phaseStatus : buildStatus)
                + (phase == null ? "" : " in phase " + phase) + (statusCode == null ? "" : " (" + statusCode + ")"));
        reason.lines().forEach(l -> lines.add("  " + l));
        if (!logTail.isEmpty()) {
            lines.add("  " + LOG_TAIL);
            logTail.forEach(l -> lines.add("    " + l));
        }
        return lines;
    }

    private static String clip(String line) {
        return line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "…" : line;
    }

    /** A field by name in any case ({@code Build} or {@code build}, {@code PhaseType} or {@code phaseType}). */
    private static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }
}
