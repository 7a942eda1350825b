package dev.serverlesscd.functions.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.serverlesscd.functions.approval.PendingApprovals;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.lambda.WebhookHandler;
import dev.serverlesscd.functions.run.Trigger;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pull request filter ({@code pullRequests.baseBranches}, {@code labels}) at the webhook, with GitHub's own
 * example payloads ({@code @octokit/webhooks-examples}: pull requests into {@code master} of Codertocat/Hello-World;
 * {@code pull_request[0]} opened without labels, {@code [12]} opened with the label {@code bug}, {@code [8]} labeled
 * {@code bug}).
 */
@Tag("dynamodb")
class PullRequestFilterTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();

    @AfterAll
    static void stop() {
        DB.close();
    }

    private static WebhookService webhook(WebhookFixture fixture, String pullRequests) {
        return WebhookFixture.onTable(DB.client(), fixture.table, fixture.starter, PendingApprovals.NONE,
                new StaticWebhookSecret(Deliveries.SECRET), PipelineConfigLoader.parse("""
                        repositories:
                          Codertocat/Hello-World:
                            pullRequests: %s
                        """.formatted(pullRequests), "test"), fixture.clock);
    }

    private static APIGatewayV2HTTPResponse send(WebhookService service, int example) {
        return WebhookHandler.handle(service, Deliveries.of("pull_request", WebhookFixture.delivery(),
                GitHubExamples.get("pull_request", example).body()).event());
    }

    private static String message(APIGatewayV2HTTPResponse response) {
        return WebhookFixture.body(response).path("message").asText();
    }

    @Test
    void aPullRequestIntoABaseBranchNoPatternMatches_isIgnored_withNothingStored() {
        // GIVEN pull requests run only into main and release branches
        WebhookFixture fixture = new WebhookFixture(DB);
        WebhookService service = webhook(fixture, "{baseBranches: [main, \"release/*\"]}");

        // WHEN GitHub's example pull request into master is opened
        APIGatewayV2HTTPResponse response = send(service, 0);

        // THEN it is ignored, naming its base branch; nothing is recorded or started
        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(message(response)).isEqualTo("ignored: pull request #2: base branch master matches none of [main, release/*]");
        assertThat(fixture.items()).isEmpty();
        assertThat(fixture.starter.calls()).isEmpty();
    }

    @Test
    void aPullRequestIntoAMatchingBaseBranch_runs_carryingItsBaseBranchAndLabels() {
        // GIVEN pull requests into master run
        WebhookFixture fixture = new WebhookFixture(DB);
        WebhookService service = webhook(fixture, "{baseBranches: [master]}");

        // WHEN the example opened with the label bug is delivered
        APIGatewayV2HTTPResponse response = send(service, 12);

        // THEN it runs, and its execution input carries the trigger's facts for the stages' conditions
        assertThat(response.getStatusCode()).as(message(response)).isEqualTo(202);
        String runId = WebhookFixture.body(response).path("runId").asText();
        assertThat(fixture.starter.executions().get(runId).trigger())
                .isEqualTo(Trigger.pullRequest("master", List.of("bug")));
    }

    @Test
    void withLabels_onlyPullRequestsCarryingOneRun_andAddingOneRunsTheOpenPullRequest() {
        // GIVEN pull requests run only with the label bug
        WebhookFixture fixture = new WebhookFixture(DB);
        WebhookService service = webhook(fixture, "{labels: [bug]}");

        // WHEN one without labels is opened, one with bug is opened, and bug is added to an open one
        APIGatewayV2HTTPResponse unlabeled = send(service, 0);
        APIGatewayV2HTTPResponse labeled = send(service, 12);
        APIGatewayV2HTTPResponse labelAdded = send(service, 8);

        // THEN the first is ignored, the other two run
        assertThat(message(unlabeled)).isEqualTo("ignored: pull request #2: it carries none of the labels [bug]");
        assertThat(labeled.getStatusCode()).as(message(labeled)).isEqualTo(202);
        assertThat(WebhookFixture.body(labeled).path("runId").asText()).startsWith("run-");
        assertThat(labelAdded.getStatusCode()).as(message(labelAdded)).isEqualTo(202);
        assertThat(fixture.starter.calls()).hasSize(2);
    }

    @Test
    void withLabels_addingAnotherLabel_isIgnored_andWithoutLabelsLabeledStaysIgnoredAsBefore() {
        WebhookFixture fixture = new WebhookFixture(DB);

        APIGatewayV2HTTPResponse otherLabel = send(webhook(fixture, "{labels: [benchmark]}"), 8);
        APIGatewayV2HTTPResponse noLabels = send(webhook(fixture, "{tier: standard}"), 8);

        assertThat(message(otherLabel))
                .isEqualTo("ignored: pull_request.labeled: label bug is not one that runs pull requests [benchmark]");
        assertThat(message(noLabels)).isEqualTo("ignored: pull_request.labeled");
        assertThat(fixture.starter.calls()).isEmpty();
    }
}
