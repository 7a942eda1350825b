package dev.serverlesscd.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.asl.Execution;
import dev.serverlesscd.asl.ExecutionListener;
import dev.serverlesscd.asl.HistoryEvent;
import dev.serverlesscd.functions.common.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Turns one execution's history, as it happens, into the pipeline's stages: a line when a stage starts and one
 * when it ends, with its status, its duration (wall clock) and the numbers that matter. It reads only the
 * history events the executor publishes, so what it shows is what the state machine did.
 */
public final class StageReporter implements ExecutionListener {
    private static final Map<String, String> TASK_STAGES = Map.ofEntries(
            Map.entry("RecordStart", "record run"),
            Map.entry("Gates", "gates"),
            Map.entry("BuildImage", "build image"),
            Map.entry("ImageGate", "image gate"),
            Map.entry("RequestApproval", "approval"),
            Map.entry("Deploy", "deploy"),
            Map.entry("HealthCheck", "health"),
            Map.entry("Rollback", "rollback"),
            Map.entry("RecordOutcome", "record outcome"),
            Map.entry("Notify", "notify"));

    /**
     * The tasks that run a stage of the run's plan, named by the stage they run (its {@code stage.name} in the
     * task's input): the checks, and the stages before and after an environment's deploy.
     */
    private static final java.util.Set<String> PLANNED_STAGE_TASKS =
            java.util.Set.of("RunStage", "BeforeDeployStage", "AfterDeployStage");
    /** The Map whose iterations are the run's environments (the other Maps run stages). */
    private static final String ENVIRONMENTS_MAP = "Environments";

    /** A stage as it ended. */
    public record Stage(String name, String status, Duration duration, String detail) {
    }

    private final String executionName;
    private final List<String> environments;
    private final Consumer<String> out;
    private final Map<Long, String> stateOfEvent = new ConcurrentHashMap<>();
    /** A planned stage's label, by the events of its task (stages of one wave run at once under one state name). */
    private final Map<Long, String> stageOfEvent = new ConcurrentHashMap<>();
    private final Map<String, Long> startedAt = new ConcurrentHashMap<>();
    private final Map<String, Integer> checks = new ConcurrentHashMap<>();
    private final List<Stage> stages = new ArrayList<>();
    private volatile String environment;

    /**
     * @param executionName the execution to follow (others are ignored)
     * @param environments  the run's environments in order, to name the Map's iterations
     */
    public StageReporter(String executionName, List<String> environments, Consumer<String> out) {
        this.executionName = executionName;
        this.environments = List.copyOf(environments);
        this.out = out;
    }

    public synchronized List<Stage> stages() {
        return List.copyOf(stages);
    }

    @Override
    public void onEvent(Execution execution, HistoryEvent event) {
        if (!executionName.equals(execution.name())) {
            return;
        }
        JsonNode details = event.details();
        String type = event.type();
        if (type.endsWith("StateEntered")) {
            String name = details.path("stateEnteredEventDetails").path("name").asText();
            stateOfEvent.put(event.id(), name);
            if (PLANNED_STAGE_TASKS.contains(name)) {
                JsonNode input = parse(details.path("stateEnteredEventDetails").path("input").asText());
                stageOfEvent.put(event.id(), label(input.path("stage").path("name").asText(name)));
            }
        } else if (event.previousEventId() > 0 && stateOfEvent.containsKey(event.previousEventId())) {
            stateOfEvent.put(event.id(), stateOfEvent.get(event.previousEventId()));
            String stage = stageOfEvent.get(event.previousEventId());
            if (stage != null) {
                stageOfEvent.put(event.id(), stage);
            }
        }
        String planned = stageOfEvent.get(event.id());
        if (planned != null) {
            plannedStage(type, planned, details);
            return;
        }
        String state = type.endsWith("StateEntered")
                ? details.path("stateEnteredEventDetails").path("name").asText()
                : stateOfEvent.getOrDefault(event.id(), "");

        switch (type) {
            case "MapIterationStarted" -> {
                JsonNode iteration = details.path("mapIterationStartedEventDetails");
                if (iteration.path("name").asText(ENVIRONMENTS_MAP).equals(ENVIRONMENTS_MAP)) {
                    int index = iteration.path("index").asInt();
                    environment = index < environments.size() ? environments.get(index) : "#" + index;
                }
            }
            case "PassStateEntered" -> {
                if (state.equals("NeedNotMet")) {
                    JsonNode input = parse(details.path("stateEnteredEventDetails").path("input").asText());
                    end(label(input.path("stage").path("name").asText()), "SKIPPED",
                            "needs " + input.path("blockedBy").asText());
                }
            }
            case "TaskStateEntered" -> {
                if (TASK_STAGES.containsKey(state)) {
                    start(label(state));
                }
            }
            case "WaitStateEntered" -> {
                String stage = state.equals("WaitForRollback") ? "rollback rollout" : "rollout";
                if (!startedAt.containsKey(label(stage))) {
                    start(label(stage));
                }
            }
            case "TaskSucceeded" -> succeeded(state, parse(details.path("taskSucceededEventDetails").path("output").asText()));
            case "TaskFailed" -> failed(state, details.path("taskFailedEventDetails"));
            case "TaskTimedOut" -> failed(state, details.path("taskTimedOutEventDetails"));
            case "MapStateExited", "MapStateFailed", "MapStateAborted" -> {
                if (state.equals(ENVIRONMENTS_MAP)) {
                    environment = null;
                }
            }
            case "ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut" -> environment = null;
            default -> {
            }
        }
    }

    private void succeeded(String state, JsonNode result) {
        JsonNode payload = result.path("Payload");
        switch (state) {
            case "CheckRollout", "CheckRollback" -> {
                String stage = label(state.equals("CheckRollback") ? "rollback rollout" : "rollout");
                int count = checks.merge(stage, 1, Integer::sum);
                String status = payload.path("status").asText();
                if (!status.equals("PROGRESSING")) {
                    end(stage, status, rolloutDetail(payload, count));
                    checks.remove(stage);
                }
            }
            case "Gates", "ImageGate" -> {
                List<String> reasons = texts(payload.path("reasons"));
                end(label(state), payload.path("verdict").asText(),
                        String.join("; ", reasons.isEmpty() ? texts(payload.path("warnings")) : reasons));
                for (JsonNode verdict : payload.path("stages")) {
                    out.accept(String.format("      %-8s %-6s %s", verdict.path("stage").asText(),
                            verdict.path("verdict").asText(), verdict.path("summary").asText()));
                }
                for (String warning : texts(payload.path("warnings"))) {
                    out.accept("      warning: " + warning);
                }
            }
            case "BuildImage" -> end(label(state), "SUCCEEDED", exported(result, "IMAGE_URI") + "@" + exported(result, "IMAGE_DIGEST"));
            case "RequestApproval" -> end(label(state), "APPROVED", "");
            case "Deploy" -> end(label(state), "SUCCEEDED", payload.path("image").asText() + release(payload));
            case "Rollback" -> end(label(state), "SUCCEEDED", "back to " + payload.path("image").asText() + release(payload));
            case "HealthCheck" -> end(label(state), payload.path("healthy").asBoolean() ? "HEALTHY" : "UNHEALTHY",
                    payload.path("detail").asText());
            default -> {
                if (TASK_STAGES.containsKey(state)) {
                    end(label(state), "SUCCEEDED", "");
                }
            }
        }
    }

    /** A task of a planned stage (a check, or a stage around an environment): started, succeeded or failed. */
    private void plannedStage(String type, String stage, JsonNode details) {
        switch (type) {
            case "TaskStateEntered" -> start(stage);
            case "TaskSucceeded" -> {
                // a smoke test that could not reach the environment says it was skipped, never that it passed
                String said = exported(parse(details.path("taskSucceededEventDetails").path("output").asText()), "SMOKE_RESULT");
                end(stage, said.startsWith("skipped") ? "SKIPPED" : "SUCCEEDED", said.equals("?") ? "" : said);
            }
            case "TaskFailed" -> endFailed(stage, details.path("taskFailedEventDetails"));
            case "TaskTimedOut" -> endFailed(stage, details.path("taskTimedOutEventDetails"));
            default -> {
            }
        }
    }

    /**
     * What a finished rollout check says: the ready replicas only when the rollout completed (when it failed, the
     * replicas counted ready may be the old ReplicaSet's, so they say nothing about the new image).
     */
    static String rolloutDetail(JsonNode status, int checks) {
        String after = " after " + checks + " check" + (checks == 1 ? "" : "s");
        String reason = status.path("reason").isTextual() ? ": " + status.path("reason").asText() : "";
        if (status.path("status").asText().equals("COMPLETE")) {
            return status.path("readyReplicas").asText() + "/" + status.path("replicas").asText() + " replicas ready"
                    + after + reason;
        }
        return "not rolled out" + after + reason;
    }

    private void failed(String state, JsonNode failure) {
        String error = failure.path("error").asText();
        String cause = failure.path("cause").asText();
        if (state.equals("CheckRollout") || state.equals("CheckRollback")) {
            end(label(state.equals("CheckRollback") ? "rollback rollout" : "rollout"), "FAILED", error);
            return;
        }
        if (!TASK_STAGES.containsKey(state)) {
            return;
        }
        endFailed(label(state), failure);
    }

    private void endFailed(String stage, JsonNode failure) {
        String error = failure.path("error").asText();
        String cause = failure.path("cause").asText();
        String status = switch (error) {
            case "Approval.Rejected" -> "REJECTED";
            case "States.Timeout", "States.HeartbeatTimeout" -> "TIMED_OUT";
            default -> "FAILED";
        };
        JsonNode build = parse(cause).path("Build");
        String detail = build.isObject() ? "build " + build.path("BuildStatus").asText() + failedPhase(build)
                : error + (cause.isBlank() ? "" : ": " + firstLine(cause));
        end(stage, status, detail);
    }

    private static String failedPhase(JsonNode build) {
        for (JsonNode phase : build.path("Phases")) {
            if (!phase.path("PhaseStatus").asText("SUCCEEDED").equals("SUCCEEDED")) {
                return " in phase " + phase.path("PhaseType").asText();
            }
        }
        return "";
    }

    private String label(String stateOrStage) {
        String stage = TASK_STAGES.getOrDefault(stateOrStage, stateOrStage);
        return environment == null ? stage : stage + " (" + environment + ")";
    }

    private void start(String stage) {
        startedAt.put(stage, System.nanoTime());
        out.accept(String.format("  %-28s started", stage));
    }

    private synchronized void end(String stage, String status, String detail) {
        Long start = startedAt.remove(stage);
        Duration duration = start == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - start);
        stages.add(new Stage(stage, status, duration, detail));
        out.accept(String.format("  %-28s %-10s %7s  %s", stage, status, seconds(duration), detail == null ? "" : detail));
    }

    public static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    private static String exported(JsonNode result, String name) {
        for (JsonNode variable : result.path("Build").path("ExportedEnvironmentVariables")) {
            if (name.equals(variable.path("Name").asText())) {
                return variable.path("Value").asText();
            }
        }
        return "?";
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static JsonNode parse(String json) {
        try {
            return json == null || json.isBlank() ? Json.MAPPER.missingNode() : Json.MAPPER.readTree(json);
        } catch (IOException e) {
            return Json.MAPPER.missingNode();
        }
    }

    /** A release from manifests: {@code , revision 2: <change>; <change>} (keys, never values); nothing otherwise. */
    private static String release(JsonNode payload) {
        if (!payload.path("revision").isNumber()) {
            return "";
        }
        List<String> changes = new java.util.ArrayList<>();
        payload.path("changes").forEach(change -> changes.add(change.asText()));
        return ", revision " + payload.path("revision").asInt()
                + (changes.isEmpty() ? "" : ": " + String.join("; ", changes));
    }
}
