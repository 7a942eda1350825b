package dev.serverlesscd.functions.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import dev.serverlesscd.functions.workflow.ExecutionInput;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example GitHub publishes for push, pull_request, ping and create ({@code @octokit/webhooks-examples}),
 * signed here with the test secret, through the handler's service on DynamoDB Local. Each case is named after the
 * example it uses ({@code push[4] refs/heads/master}). The examples' repository, Codertocat/Hello-World, is configured
 * with the default branch model and tag rules {@code v*} and {@code simple-*}.
 */
@Tag("dynamodb")
class GitHubExamplesTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    private static final Set<String> RUN_ACTIONS = Set.of("opened", "synchronize", "reopened");

    WebhookFixture fixture;

    @AfterAll
    static void stop() {
        DB.close();
    }

    @BeforeEach
    void setUp() {
        fixture = new WebhookFixture(DB);
    }

    static Stream<GitHubExamples.Example> pushExamples() {
        return GitHubExamples.of("push").stream();
    }

    static Stream<GitHubExamples.Example> pullRequestExamples() {
        return GitHubExamples.of("pull_request").stream();
    }

    static Stream<GitHubExamples.Example> pingExamples() {
        return GitHubExamples.of("ping").stream();
    }

    static Stream<GitHubExamples.Example> createExamples() {
        return GitHubExamples.of("create").stream();
    }

    @Test
    void examples_areInstalledAndCoverEveryCaseTheWebhookDistinguishes() {
        assertThat(GitHubExamples.of("push")).extracting(e -> e.payload().path("deleted").asBoolean())
                .contains(true, false);
        assertThat(GitHubExamples.of("pull_request")).extracting(e -> e.payload().path("action").asText())
                .contains("opened", "synchronize", "reopened", "closed");
        assertThat(GitHubExamples.of("ping")).isNotEmpty();
        assertThat(GitHubExamples.of("create")).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pushExamples")
    void handle_shouldStartARunOrIgnoreADeletedRef_forEveryPushExample(GitHubExamples.Example example) {
        // GIVEN GitHub's example push, signed
        String delivery = WebhookFixture.delivery();
        JsonNode payload = example.payload();

        // WHEN it is delivered
        APIGatewayV2HTTPResponse response = fixture.send(Deliveries.of("push", delivery, example.body()));

        // THEN a deleted ref is ignored with nothing stored but the ref's head, now none; a branch or matching tag
        // starts one run
        assertThat(response.getStatusCode()).isEqualTo(202);
        JsonNode body = WebhookFixture.body(response);
        String ref = payload.path("ref").asText();
        if (payload.path("deleted").asBoolean()) {
            assertThat(body.path("message").asText()).isEqualTo("ignored: push of deleted ref " + ref);
            assertThat(fixture.items()).singleElement().satisfies(head -> {
                assertThat(head.get("type").s()).isEqualTo("REF_HEAD");
                assertThat(head.get("commit").s()).isEqualTo("0".repeat(40));
            });
            assertThat(fixture.starter.calls()).isEmpty();
            return;
        }
        String runId = "run-" + delivery;
        assertThat(body.path("runId").asText()).isEqualTo(runId);
        if (ref.equals("refs/heads/master")) {
            assertThat(body.path("tier").asText()).isEqualTo("full");
            assertThat(body.path("environments")).extracting(JsonNode::asText).containsExactly("staging", "production");
        } else {
            assertThat(ref).isEqualTo("refs/tags/simple-tag");
            assertThat(body.path("tier").asText()).isEqualTo("standard");
            assertThat(body.path("environments")).extracting(JsonNode::asText).containsExactly("staging");
        }
        assertThat(fixture.run(runId)).get().satisfies(run -> {
            assertThat(run.status()).as("RUNNING once the execution's first state records it")
                    .isEqualTo(RunStatus.RECEIVED);
            assertThat(run.commit()).isEqualTo(payload.path("after").asText());
            assertThat(run.repository()).isEqualTo("Codertocat/Hello-World");
            assertThat(run.defaultBranch()).isEqualTo("master");
        });
        assertThat(fixture.ledger.find(delivery)).get().satisfies(d -> {
            assertThat(d.state()).isEqualTo(DeliveryLedger.State.STARTED);
            assertThat(d.executionArn()).endsWith(":execution:pipeline:" + runId);
        });
        assertThat(fixture.starter.calls()).containsExactly(runId);
        assertThat(fixture.starter.executions().get(runId).defaultBranch())
                .as("the example repository's default branch is master, not main")
                .isEqualTo(payload.path("repository").path("default_branch").asText())
                .isEqualTo("master");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pullRequestExamples")
    void handle_shouldRunChecksOnlyForOpenedSynchronizeReopened_andIgnoreOtherActions(GitHubExamples.Example example) {
        // GIVEN GitHub's example pull_request, signed, sent form-encoded as a hook may be configured to
        String delivery = WebhookFixture.delivery();
        String action = example.payload().path("action").asText();

        // WHEN it is delivered
        APIGatewayV2HTTPResponse response = fixture.send(
                Deliveries.of("pull_request", delivery, example.body()).formEncoded());

        // THEN opened, synchronize and reopened run checks only; other actions are ignored, nothing stored
        assertThat(response.getStatusCode()).isEqualTo(202);
        JsonNode body = WebhookFixture.body(response);
        if (!RUN_ACTIONS.contains(action)) {
            assertThat(body.path("message").asText()).isEqualTo("ignored: pull_request." + action);
            assertThat(fixture.items()).isEmpty();
            assertThat(fixture.starter.calls()).isEmpty();
            return;
        }
        String runId = "run-" + delivery;
        assertThat(body.path("runId").asText()).isEqualTo(runId);
        assertThat(body.path("tier").asText()).isEqualTo("standard");
        assertThat(body.path("environments")).isEmpty();
        ExecutionInput input = fixture.starter.executions().get(runId);
        assertThat(input.deploy()).isFalse();
        assertThat(input.fork()).isFalse();
        assertThat(input.event()).isEqualTo("pull_request");
        assertThat(input.ref()).isEqualTo("refs/pull/" + example.payload().path("number").asInt() + "/head");
        assertThat(input.commit()).isEqualTo(example.payload().path("pull_request").path("head").path("sha").asText());
        assertThat(input.defaultBranch())
                .isEqualTo(example.payload().at("/pull_request/base/repo/default_branch").asText())
                .isEqualTo("master");
        assertThat(fixture.run(runId)).get().extracting(r -> r.status()).isEqualTo(RunStatus.RECEIVED);
        assertThat(fixture.starter.calls()).containsExactly(runId);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pingExamples")
    void handle_shouldAnswer200WithTheHookId_forEveryPingExample(GitHubExamples.Example example) {
        // GIVEN GitHub's example ping (one is an organization hook, without a repository), base64 as API Gateway may pass it
        Deliveries ping = Deliveries.of("ping", WebhookFixture.delivery(), example.body()).base64();

        // WHEN it is delivered
        APIGatewayV2HTTPResponse response = fixture.send(ping);

        // THEN 200 with the hook's id; nothing stored, nothing started
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(WebhookFixture.body(response).path("hookId").asLong())
                .isEqualTo(example.payload().path("hook_id").asLong());
        assertThat(fixture.items()).isEmpty();
        assertThat(fixture.starter.calls()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("createExamples")
    void handle_shouldIgnoreCreate_forEveryCreateExample(GitHubExamples.Example example) {
        // GIVEN GitHub's example create (a tag's push event is what runs it)
        Deliveries create = Deliveries.of("create", WebhookFixture.delivery(), example.body());

        // WHEN it is delivered
        APIGatewayV2HTTPResponse response = fixture.send(create);

        // THEN 202 ignored: create; nothing stored, nothing started
        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(WebhookFixture.body(response).path("message").asText()).isEqualTo("ignored: create");
        assertThat(fixture.items()).isEmpty();
        assertThat(fixture.starter.calls()).isEmpty();
    }

    @Test
    void handle_shouldRunAForkPullRequestWithoutDeployAndMarkedFork_derivedFromPullRequestExample0() {
        // GIVEN pull_request[0] (opened) as it would arrive from a fork: the head lives in another repository
        GitHubExamples.Example example = GitHubExamples.get("pull_request", 0);
        JsonNode payload = example.payload().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) payload.path("pull_request").path("head").path("repo"))
                .put("full_name", "mallory/Hello-World");
        String delivery = WebhookFixture.delivery();

        // WHEN it is delivered
        APIGatewayV2HTTPResponse response = fixture.send(Deliveries.of("pull_request", delivery, payload.toString()));

        // THEN checks only, and the execution input says fork: its builds get no secrets
        assertThat(response.getStatusCode()).isEqualTo(202);
        ExecutionInput input = fixture.starter.executions().get("run-" + delivery);
        assertThat(input.fork()).isTrue();
        assertThat(input.deploy()).isFalse();
        assertThat(input.environments()).isEmpty();
    }

    @Test
    void handle_shouldIgnoreAPushOfATagMatchingNoRule_derivedFromPushExample0() {
        // GIVEN push[0] (tag simple-tag) for a repository whose only tag rule is v* (acme/orders-service)
        JsonNode payload = GitHubExamples.get("push", 0).payload().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) payload.path("repository")).put("full_name", "acme/orders-service");

        // WHEN it is delivered
        APIGatewayV2HTTPResponse response = fixture.send(Deliveries.of("push", WebhookFixture.delivery(), payload.toString()));

        // THEN ignored, nothing stored
        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(WebhookFixture.body(response).path("message").asText()).isEqualTo("ignored: tag simple-tag matches no rule");
        assertThat(fixture.items()).isEmpty();
        assertThat(List.copyOf(fixture.starter.calls())).isEmpty();
    }
}
