package dev.serverlesscd.functions.gate;

import java.util.List;

/**
 * The {@code Gates} task's request: {@code {"runId", "tier", "repository", "commit", "checks": [...]}} and, optional
 * (docs/architecture.md, "Gates"): {@code branch} (the run's branch, null for a tag), {@code defaultBranch} (the
 * repository's; {@code main} when not given) and {@code image} (the built image, after BuildImage: the image size
 * and its ECR scan findings are judged only when it is given). Measurements of a run on the default branch are
 * kept as baseline candidates, promoted when the run succeeds.
 */
public record GateRequest(String runId, String tier, String repository, String commit, List<CheckResult> checks,
        String branch, String defaultBranch, ImageRef image) {
    public static final String DEFAULT_BRANCH = "main";

    public GateRequest {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** The request before {@code branch}, {@code defaultBranch} and {@code image} existed. */
    public GateRequest(String runId, String tier, String repository, String commit, List<CheckResult> checks) {
        this(runId, tier, repository, commit, checks, null, null, null);
    }

    /** The default branch, {@code main} when the request does not say. */
    public String baselineBranch() {
        return defaultBranch == null || defaultBranch.isBlank() ? DEFAULT_BRANCH : defaultBranch;
    }

    /** Whether this run is on the default branch, so its measurements may become the baseline. */
    public boolean onDefaultBranch() {
        return branch != null && branch.equals(baselineBranch());
    }
}
