package dev.serverlesscd.functions.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.github.CommitState;
import dev.serverlesscd.functions.github.CommitStatus;
import dev.serverlesscd.functions.github.CommitStatuses;
import dev.serverlesscd.functions.github.CommitStatusesFactory;
import dev.serverlesscd.functions.github.GitHubStatusConfig;
import dev.serverlesscd.functions.github.LoggingCommitStatuses;
import dev.serverlesscd.functions.github.RunLinks;
import dev.serverlesscd.functions.github.SafeCommitStatuses;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns the pipeline's results into commit statuses (docs/architecture.md, "Commit statuses"):
 *
 * <table>
 *   <tr><th>context</th><th>posted by</th><th>states</th></tr>
 *   <tr><td>{@code serverless-cd/pipeline}</td><td>{@link #runStarted}, {@link #runFinished}</td>
 *       <td>pending at the start; success, failure or error at the end</td></tr>
 *   <tr><td>{@code serverless-cd/<stage>} (test, scan, lint; benchmark and image when they run)</td>
 *       <td>{@link #runStarted}, {@link #gateJudged}, {@link #runFinished}</td>
 *       <td>pending at the start (test, scan, lint: every run has them); then the gate's verdict: PASS and WARN
 *       success, FAIL failure, ERROR error, the stage's summary as description; a stage the gate never judged
 *       (the run ended before) error at the run's end, so no status stays pending</td></tr>
 *   <tr><td>{@code serverless-cd/deploy-<environment>}</td><td>{@link #deploy}</td><td>as the caller says</td></tr>
 * </table>
 *
 * Every status links to its run ({@link RunLinks}). Nothing here throws: a status that cannot be built or posted is
 * logged, and the run goes on.
 */
public final class StageStatuses {
    public static final String CONTEXT_PREFIX = "serverless-cd/";
    public static final String PIPELINE_CONTEXT = CONTEXT_PREFIX + "pipeline";
    /**
     * The check stages of a run whose plan is not known (today's stages; the benchmark runs for tier full only, and
     * is posted when judged).
     */
    static final List<String> EVERY_RUNS_CHECKS = List.of("test", "scan", "lint");
    private static final Logger LOG = LoggerFactory.getLogger(StageStatuses.class);

    private final CommitStatuses statuses;
    private final RunLinks links;

    public StageStatuses(CommitStatuses statuses, RunLinks links) {
        this.statuses = SafeCommitStatuses.of(Objects.requireNonNull(statuses, "commit statuses"));
        this.links = Objects.requireNonNull(links, "run links");
    }

    /** From the environment ({@link GitHubStatusConfig}): what a Lambda handler's constructor calls. */
    public static StageStatuses fromEnv(dev.serverlesscd.functions.common.Env env) {
        GitHubStatusConfig config = GitHubStatusConfig.from(env);
        return new StageStatuses(CommitStatusesFactory.create(config), config.runLinks());
    }

    /** For callers that configured none (tests, the local runtime's old constructors): every status is only logged. */
    public static StageStatuses off(String why) {
        return new StageStatuses(new LoggingCommitStatuses(why), RunLinks.none());
    }

    public static String stageContext(String stage) {
        return CONTEXT_PREFIX + stage;
    }

    public static String deployContext(String environment) {
        return CONTEXT_PREFIX + "deploy-" + environment;
    }

    /** The run's execution started: {@code serverless-cd/pipeline} pending, and test, scan and lint. */
    public void runStarted(Run run) {
        runStarted(run, null);
    }

    /**
     * The run's execution started: {@code serverless-cd/pipeline} pending, and each check stage of its plan
     * ({@code stages}; null: test, scan and lint, the stages of every run before stages were declared).
     */
    public void runStarted(Run run, List<String> stages) {
        guarded("the run's start", () -> {
            String plan = run.deploy() && !run.environments().isEmpty()
                    ? "checks, then deploy to " + environments(run)
                    : "checks only, no deploy";
            post(run.runId(), run.repository(), run.commit(), CommitState.PENDING, PIPELINE_CONTEXT,
                    "Running" + (run.tier() == null ? "" : " (tier " + run.tier() + ")") + ": " + plan);
        });
        for (String stage : stages == null ? EVERY_RUNS_CHECKS : stages) {
            guarded("stage " + stage, () -> post(run.runId(), run.repository(), run.commit(), CommitState.PENDING,
                    stageContext(stage), "Waiting for the " + stage + " build and the gate"));
        }
    }

    /**
     * The run ended with {@code status}: {@code serverless-cd/pipeline} success (SUCCEEDED), failure (FAILED,
     * REJECTED, ROLLED_BACK) or error (TIMED_OUT, SUPERSEDED, ABORTED: the pipeline could not say), with how long it took and
     * the cause. {@code run} is the stored run (its repository, commit and creation time); {@code summary} is the
     * finish request's ({@code {"gate", "image", "checks"}}), read for the gate's verdict.
     */
    public void runFinished(Run run, RunStatus status, String error, String cause, JsonNode summary, Instant at) {
        guarded("the run's end", () -> {
            String took = run.createdAt() == null || at == null ? "" : " " + (status == RunStatus.SUCCEEDED ? "in" : "after")
                    + " " + duration(Duration.between(run.createdAt(), at));
            String description;
            if (status == RunStatus.SUCCEEDED) {
                String gate = gate(summary);
                String deployed = run.deploy() && !run.environments().isEmpty()
                        ? "deployed " + (run.version() == null ? "" : run.version() + " ") + "to " + environments(run)
                        : "checks only";
                description = "Succeeded" + took + ": " + (gate.isEmpty() ? "" : gate + "; ") + deployed;
            } else {
                String why = cause != null && !cause.isBlank() ? cause : error;
                description = verb(status) + took + (why == null || why.isBlank() ? "" : ": " + why);
            }
            post(run.runId(), run.repository(), run.commit(), finalState(status), PIPELINE_CONTEXT, description);
        });
        Set<String> judged = judgedStages(summary);
        for (String stage : plannedStages(summary)) {
            if (!judged.contains(stage)) {
                guarded("stage " + stage, () -> post(run.runId(), run.repository(), run.commit(), CommitState.ERROR,
                        stageContext(stage), "Not judged: the run ended " + status + " before the gate judged it"));
            }
        }
    }

    /**
     * The check stages the run's plan ran or blocked, from the finish request's summary ({@code checks[].stage}, those
     * not left out by the plan); test, scan and lint when the summary names none (a run that ended before its checks).
     */
    private static List<String> plannedStages(JsonNode summary) {
        List<String> planned = new java.util.ArrayList<>();
        if (summary != null) {
            summary.path("checks").forEach(check -> {
                if (!"SKIPPED".equals(check.path("status").asText()) || check.path("blocked").asBoolean(false)) {
                    planned.add(check.path("stage").asText());
                }
            });
        }
        return planned.isEmpty() ? EVERY_RUNS_CHECKS : planned;
    }

    /** The stages the gate judged, from the finish request's summary ({@code gate.stages[].stage}). */
    private static Set<String> judgedStages(JsonNode summary) {
        Set<String> judged = new HashSet<>();
        if (summary != null) {
            summary.path("gate").path("stages").forEach(stage -> judged.add(stage.path("stage").asText()));
        }
        return judged;
    }

    /** A check stage's verdict as a commit status: the gate maps its verdicts onto these. */
    public record StageCheck(String stage, CommitState state, String summary) {
    }

    /** The gate judged the run's check stages: one status per stage, {@code serverless-cd/<stage>}. */
    public void gateJudged(String runId, String repository, String commit, List<StageCheck> stages) {
        guarded("the gate's result", () -> {
            for (StageCheck stage : stages) {
                guarded("stage " + stage.stage(), () -> post(runId, repository, commit, stage.state(),
                        stageContext(stage.stage()), stage.summary()));
            }
        });
    }

    /** A deploy to {@code environment}: {@code serverless-cd/deploy-<environment>}. */
    public void deploy(String runId, String repository, String commit, String environment, CommitState state,
                       String description) {
        guarded("the deploy to " + environment, () -> post(runId, repository, commit, state,
                deployContext(environment), description));
    }

    public static CommitState finalState(RunStatus status) {
        return switch (status) {
            case SUCCEEDED -> CommitState.SUCCESS;
            case FAILED, REJECTED, ROLLED_BACK -> CommitState.FAILURE;
            case TIMED_OUT, SUPERSEDED, ABORTED -> CommitState.ERROR;
            case RECEIVED, RUNNING -> CommitState.PENDING;
        };
    }

    private void post(String runId, String repository, String commit, CommitState state, String context,
                      String description) {
        if (repository == null || repository.isBlank() || commit == null || commit.isBlank()) {
            LOG.warn("No commit status {} {} for run {}: the run names no repository and commit", state.apiValue(),
                    context, runId);
            return;
        }
        statuses.post(new CommitStatus(repository, commit, state, context, description,
                links.forRun(runId).orElse(null)));
    }

    private static void guarded(String what, Runnable posting) {
        try {
            posting.run();
        } catch (RuntimeException e) {
            LOG.warn("No commit status for {} (the run goes on): {}", what, e.toString());
        }
    }

    private static String gate(JsonNode summary) {
        JsonNode gate = summary == null ? null : summary.path("gate");
        if (gate == null || !gate.hasNonNull("verdict")) {
            return "";
        }
        int warnings = gate.path("warnings").size();
        return "gate " + gate.get("verdict").asText()
                + (warnings == 0 ? "" : " (" + warnings + " warning" + (warnings == 1 ? "" : "s") + ")");
    }

    private static String environments(Run run) {
        return run.environments().stream().map(EnvironmentTarget::name).collect(Collectors.joining(", "));
    }

    private static String verb(RunStatus status) {
        return switch (status) {
            case FAILED -> "Failed";
            case REJECTED -> "Rejected";
            case ROLLED_BACK -> "Rolled back";
            case TIMED_OUT -> "Timed out";
            case SUPERSEDED -> "Superseded";
            case ABORTED -> "Aborted";
            case SUCCEEDED -> "Succeeded";
            case RECEIVED, RUNNING -> "Running";
        };
    }

    /** "45s", "4m 12s", "1h 02m". */
    static String duration(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + String.format("%02d", seconds % 60) + "s";
        }
        return seconds / 3600 + "h " + String.format("%02d", seconds % 3600 / 60) + "m";
    }
}
