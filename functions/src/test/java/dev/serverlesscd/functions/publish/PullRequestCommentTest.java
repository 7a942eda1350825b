package dev.serverlesscd.functions.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.gate.Baseline;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PullRequestCommentTest {
    static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");

    static Run pullRequestRun(String runId, RunStatus status, String cause) {
        return new Run(runId, "d-1", "acme/orders-service", null, "pull_request", "refs/pull/42/head", "feature-x",
                "main", null, "6113728f00000000000000000000000000000000", null, "octocat", List.of(), null, "standard", false, List.of(),
                status, null, AT, AT, cause == null ? null : "States.TaskFailed", cause, null);
    }

    static JsonNode summary(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final String GATE = """
            {"gate": {"verdict": "WARN",
              "stages": [
                {"stage": "test", "verdict": "PASS", "summary": "16 of 16 tests passed; line coverage 89.9% (minimum 80.0%)"},
                {"stage": "scan", "verdict": "WARN", "summary": "trivy: 1 HIGH (CVE-2024-1|x), a warning for tier standard"},
                {"stage": "benchmark", "verdict": "PASS", "summary": "performance: 2 benchmarks within 10%"}],
              "reasons": [], "warnings": ["scan: trivy: 1 HIGH"],
              "measured": [
                {"kind": "COVERAGE", "values": {"lineCoverage": 89.94}, "units": {}},
                {"kind": "BENCHMARK", "values": {"Orders.place [thrpt]": 1100.0, "Orders.total [avgt]": 0.5},
                 "units": {"Orders.place [thrpt]": "ops/s", "Orders.total [avgt]": "ms/op"}}]},
             "fork": false}
            """;

    @Test
    void markdown_shouldShowEachGateWithItsNumbers_andCompareWithTheBaseBranch() {
        // GIVEN main's baselines
        Map<Baseline.Kind, Baseline> baselines = Map.of(
                Baseline.Kind.COVERAGE, new Baseline(Baseline.Kind.COVERAGE, "run-1", "main", AT,
                        Map.of("lineCoverage", 88.5), null, null),
                Baseline.Kind.BENCHMARK, new Baseline(Baseline.Kind.BENCHMARK, "run-1", "main", AT,
                        Map.of("Orders.place [thrpt]", 1000.0, "Orders.total [avgt]", 0.4), null, null));

        // WHEN
        String md = PullRequestComment.markdown(new PullRequestComment.Input(pullRequestRun("run-7", RunStatus.SUCCEEDED, null),
                RunStatus.SUCCEEDED, summary(GATE), baselines, Optional.of("https://ci.example.com/runs/run-7"), false, AT));

        // THEN
        assertThat(md).startsWith(PullRequestComment.MARKER + "\n### ✅ serverless-cd: passed\n")
                .contains("Run `run-7` of `6113728` · tier `standard` · [the run](https://ci.example.com/runs/run-7)")
                .contains("| test | ✅ PASS | 16 of 16 tests passed; line coverage 89.9% (minimum 80.0%) |")
                .contains("| scan | ⚠️ WARN | trivy: 1 HIGH (CVE-2024-1\\|x), a warning for tier standard |")
                .contains("**Coverage** 89.9% (main: 88.5%, +1.4 points)")
                .contains("**Benchmarks** against run run-1 on main")
                .contains("| `Orders.place [thrpt]` | 1,100 ops/s | 1,000 ops/s | +10.0% faster |")
                .contains("| `Orders.total [avgt]` | 0.500 ms/op | 0.400 ms/op | +25.0% slower |")
                .contains("**Warnings**\n\n- scan: trivy: 1 HIGH\n")
                .contains("<sub>Updated 2026-12-05T10:00:00Z by run run-7;");
    }

    @Test
    void markdown_shouldGiveAForkNoLinkAndNoImage() {
        String md = PullRequestComment.markdown(new PullRequestComment.Input(pullRequestRun("run-8", RunStatus.FAILED,
                "the gates failed"), RunStatus.FAILED, summary("""
                {"gate": {"verdict": "FAIL", "stages": [{"stage": "test", "verdict": "FAIL", "summary": "2 of 16 tests failed"}],
                  "reasons": ["test: 2 of 16 tests failed"], "warnings": []},
                 "imageGate": {"stages": [{"stage": "image", "verdict": "PASS", "summary": "15.5 KB"}],
                  "measured": [{"kind": "IMAGE", "values": {"sizeBytes": 15872}}]},
                 "fork": true}
                """), Map.of(), Optional.of("https://ci.example.com/runs/run-8"), true, AT));

        assertThat(md).contains("### ❌ serverless-cd: failed", "> the gates failed", "_From a fork:",
                        "| test | ❌ FAIL | 2 of 16 tests failed |", "**Why it failed**\n\n- test: 2 of 16 tests failed")
                .doesNotContain("ci.example.com", "image", "Image");
    }

    @Test
    void pullRequestNumber_shouldComeFromThePullRequestsRef() {
        assertThat(PullRequestComment.pullRequestNumber(pullRequestRun("run-9", RunStatus.RUNNING, null))).hasValue(42);
        assertThat(PullRequestComment.change(90, 100, "ops/s")).isEqualTo("-10.0% slower");
        assertThat(PullRequestComment.size(16 * 1024 * 1024 + 512 * 1024)).isEqualTo("16.5 MB");
    }
}
