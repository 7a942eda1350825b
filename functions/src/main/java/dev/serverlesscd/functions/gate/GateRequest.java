package dev.serverlesscd.functions.gate;

import java.util.List;

/** The {@code Gates} task's request: {@code {"runId", "tier", "repository", "commit", "checks": [...]}}. */
public record GateRequest(String runId, String tier, String repository, String commit, List<CheckResult> checks) {

    public GateRequest {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }
}
