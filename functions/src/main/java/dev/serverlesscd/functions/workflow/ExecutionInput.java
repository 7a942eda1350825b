package dev.serverlesscd.functions.workflow;

import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.plan.Plan;
import dev.serverlesscd.functions.run.Contributor;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.Trigger;
import java.util.List;
import java.util.Objects;

/**
 * What {@code StartExecution} passes to the pipeline (docs/architecture.md, "Execution input"): the leading fields
 * of {@link Run} and its {@code trigger} (what started it), {@code fork}: the run comes from a pull request of a fork,
 * so its builds run without secrets, and {@code plan}: the stages the state machine runs ({@link Plan}), made before
 * (plan.StagePlanner) and required.
 */
public record ExecutionInput(
        String runId,
        String deliveryId,
        String repository,
        String cloneUrl,
        String event,
        String ref,
        String branch,
        String defaultBranch,
        String tag,
        String commit,
        String baseCommit,
        String author,
        List<Contributor> contributors,
        String version,
        String tier,
        boolean deploy,
        List<EnvironmentTarget> environments,
        boolean fork,
        Trigger trigger,
        Plan plan) {

    public ExecutionInput {
        environments = environments == null ? List.of() : List.copyOf(environments);
        contributors = contributors == null ? List.of() : List.copyOf(contributors);
        trigger = trigger == null ? Trigger.of(event, tag) : trigger;
        Objects.requireNonNull(plan, "plan: the stages the state machine runs (plan.StagePlanner makes a run's plan)");
    }

    /** The input of {@code run}, running {@code plan}: how every execution's input is made. */
    public static ExecutionInput of(Run run, boolean fork, Plan plan) {
        return new ExecutionInput(run.runId(), run.deliveryId(), run.repository(), run.cloneUrl(), run.event(),
                run.ref(), run.branch(), run.defaultBranch(), run.tag(), run.commit(), run.baseCommit(), run.author(),
                run.contributors(), run.version(), run.tier(), run.deploy(), run.environments(), fork, run.trigger(),
                plan);
    }
}
