package dev.serverlesscd.functions.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import java.time.Instant;
import java.util.List;

/**
 * A run: one push, pull request or tag going through the pipeline. The fields up to {@code environments} are the
 * state machine's execution input (see docs/architecture.md, "Execution input"); the rest is what the store keeps
 * about its progress. {@code defaultBranch} is the repository's default branch as the delivery named it
 * ({@code repository.default_branch}; null when it did not): the branch whose runs set the baselines the gates
 * compare with. {@code baseCommit}: what the change is measured against (a push's {@code before}, a pull request's
 * base; null for a new branch or tag); {@code contributors}: the pusher and the authors of the commits it brings,
 * excluded from approving it.
 * {@code firstCommitAt}: the time of the oldest commit the push carried (its {@code commits[].timestamp}),
 * where a change's lead time starts (docs/metrics.md); null when the delivery did not say (pull requests, old runs).
 * {@code trigger}: what started it (push, tag, pull request, schedule, manual), with the facts the stages' conditions
 * read; part of the execution input.
 */
public record Run(
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
        RunStatus status,
        String executionArn,
        Instant createdAt,
        Instant updatedAt,
        String error,
        String cause,
        JsonNode summary,
        Instant firstCommitAt,
        Trigger trigger) {

    public Run {
        environments = environments == null ? List.of() : List.copyOf(environments);
        contributors = contributors == null ? List.of() : List.copyOf(contributors);
        trigger = trigger == null ? Trigger.of(event, tag) : trigger;
    }

    /** A run whose trigger follows from its event and tag (a push, a tag, a pull request). */
    public Run(String runId, String deliveryId, String repository, String cloneUrl, String event, String ref,
               String branch, String defaultBranch, String tag, String commit, String baseCommit, String author,
               List<Contributor> contributors, String version, String tier, boolean deploy,
               List<EnvironmentTarget> environments, RunStatus status, String executionArn, Instant createdAt,
               Instant updatedAt, String error, String cause, JsonNode summary, Instant firstCommitAt) {
        this(runId, deliveryId, repository, cloneUrl, event, ref, branch, defaultBranch, tag, commit, baseCommit,
                author, contributors, version, tier, deploy, environments, status, executionArn, createdAt, updatedAt,
                error, cause, summary, firstCommitAt, null);
    }

    /** A run whose first commit time is not known. */
    public Run(String runId, String deliveryId, String repository, String cloneUrl, String event, String ref,
               String branch, String defaultBranch, String tag, String commit, String baseCommit, String author,
               List<Contributor> contributors, String version, String tier, boolean deploy,
               List<EnvironmentTarget> environments, RunStatus status, String executionArn, Instant createdAt,
               Instant updatedAt, String error, String cause, JsonNode summary) {
        this(runId, deliveryId, repository, cloneUrl, event, ref, branch, defaultBranch, tag, commit, baseCommit,
                author, contributors, version, tier, deploy, environments, status, executionArn, createdAt, updatedAt,
                error, cause, summary, null);
    }

    /** A run with no base commit, contributors or first commit time (tests' and stores' shorthand). */
    public Run(String runId, String deliveryId, String repository, String cloneUrl, String event, String ref,
               String branch, String defaultBranch, String tag, String commit, String author, String version,
               String tier, boolean deploy, List<EnvironmentTarget> environments, RunStatus status,
               String executionArn, Instant createdAt, Instant updatedAt, String error, String cause,
               JsonNode summary) {
        this(runId, deliveryId, repository, cloneUrl, event, ref, branch, defaultBranch, tag, commit, null, author,
                List.of(), version, tier, deploy, environments, status, executionArn, createdAt, updatedAt, error, cause,
                summary, null);
    }

    /** This run with the time of the change's first commit. */
    public Run withFirstCommitAt(Instant at) {
        return new Run(runId, deliveryId, repository, cloneUrl, event, ref, branch, defaultBranch, tag, commit,
                baseCommit, author, contributors, version, tier, deploy, environments, status, executionArn, createdAt,
                updatedAt, error, cause, summary, at, trigger);
    }

    /** This run with what started it. */
    public Run withTrigger(Trigger started) {
        return new Run(runId, deliveryId, repository, cloneUrl, event, ref, branch, defaultBranch, tag, commit,
                baseCommit, author, contributors, version, tier, deploy, environments, status, executionArn, createdAt,
                updatedAt, error, cause, summary, firstCommitAt, started);
    }
}
