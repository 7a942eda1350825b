package dev.serverlesscd.functions.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.common.Env;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CommitStatusesFactoryTest {

    @Test
    void fromEnv_shouldOnlyLogAndSaySo_whenNoTokenIsConfigured() {
        // GIVEN
        Env env = new Env(Map.of("GITHUB_API_URL", "https://api.github.com"));

        // WHEN
        CommitStatuses statuses = CommitStatusesFactory.fromEnv(env);

        // THEN
        assertThat(statuses).isInstanceOf(LoggingCommitStatuses.class);
        assertThat(GitHubStatusConfig.from(env).offReason())
                .hasValue("neither GITHUB_TOKEN_SECRET_ARN nor GITHUB_TOKEN nor a GitHub App (GITHUB_APP_ID) is set");
    }

    @Test
    void loggingStatuses_shouldSayStatusesAreOff_andWhatTheyWouldHavePosted() {
        // GIVEN
        List<String> lines = new ArrayList<>();
        CommitStatuses statuses = new LoggingCommitStatuses("neither GITHUB_TOKEN_SECRET_ARN nor GITHUB_TOKEN is set", lines::add);

        // WHEN
        statuses.post(new CommitStatus("acme/orders-service", "6113728", CommitState.SUCCESS, "serverless-cd/test",
                "16 of 16 tests passed", "http://localhost:8080/runs/run-1"));

        // THEN
        assertThat(lines).containsExactly("GitHub commit statuses are off (neither GITHUB_TOKEN_SECRET_ARN nor GITHUB_TOKEN "
                + "is set): not posting success serverless-cd/test on acme/orders-service@6113728: 16 of 16 tests passed "
                + "<http://localhost:8080/runs/run-1>");
    }

    @Test
    void fromEnv_shouldPostThroughGitHub_whenATokenIsInTheEnvironment() {
        // GIVEN a local run with GITHUB_TOKEN
        Env env = new Env(Map.of("GITHUB_TOKEN", "ghp_local"));

        // WHEN
        CommitStatuses statuses = CommitStatusesFactory.fromEnv(env);

        // THEN posted for real, never throwing
        assertThat(statuses).isInstanceOf(SafeCommitStatuses.class);
        assertThat(GitHubStatusConfig.from(env).apiUrl()).isEqualTo("https://api.github.com");
    }

    @Test
    void from_shouldReadTheEnterpriseUrlLinksAndBudget() {
        // GIVEN
        Env env = new Env(Map.of(
                "GITHUB_API_URL", "https://ghe.example.com/api/v3/",
                "GITHUB_TOKEN_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:serverless-cd/github-token",
                "RUN_LINK_BASE_URL", "https://approvals.example.com/runs",
                "GITHUB_STATUS_BUDGET_SECONDS", "20"));

        // WHEN
        GitHubStatusConfig config = GitHubStatusConfig.from(env);

        // THEN
        assertThat(config.apiUrl()).isEqualTo("https://ghe.example.com/api/v3");
        assertThat(config.enabled()).isTrue();
        assertThat(config.runLinks().forRun("run-1")).hasValue("https://approvals.example.com/runs/run-1");
        assertThat(config.budget()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void from_shouldFailNamingTheVariable_whenAValueIsWrong() {
        assertThatThrownBy(() -> GitHubStatusConfig.from(new Env(Map.of("GITHUB_API_URL", "api.github.com"))))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("Environment variable GITHUB_API_URL:");
        assertThatThrownBy(() -> GitHubStatusConfig.from(new Env(Map.of("GITHUB_TOKEN", "a", "GITHUB_TOKEN_SECRET_ARN", "b"))))
                .hasMessage("Set one of GITHUB_TOKEN_SECRET_ARN and GITHUB_TOKEN, not both");
        assertThatThrownBy(() -> GitHubStatusConfig.from(new Env(Map.of("RUN_LINK_BASE_URL", "/runs"))))
                .hasMessageStartingWith("Environment variable RUN_LINK_BASE_URL:");
        assertThatThrownBy(() -> GitHubStatusConfig.from(new Env(Map.of("GITHUB_STATUS_BUDGET_SECONDS", "3600"))))
                .hasMessageContaining("GITHUB_STATUS_BUDGET_SECONDS must be a number of seconds from 1 to 900");
    }

    @Test
    void runLinks_shouldPutTheRunIdWhereTheBaseSays() {
        assertThat(RunLinks.of("http://localhost:8080/runs/").forRun("run-1")).hasValue("http://localhost:8080/runs/run-1");
        assertThat(RunLinks.of("https://ci.example.com/run?id=").forRun("run-1")).hasValue("https://ci.example.com/run?id=run-1");
        assertThat(RunLinks.of("https://ci.example.com/runs/{runId}/stages").forRun("run-1"))
                .hasValue("https://ci.example.com/runs/run-1/stages");
        assertThat(RunLinks.of(null).forRun("run-1")).isEmpty();
    }
}
