package dev.serverlesscd.functions.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.serverlesscd.functions.run.BranchSupersession;
import dev.serverlesscd.functions.run.Supersession;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A captured, correctly signed delivery re-posted under a new delivery id (the signature does not cover
 * {@code X-GitHub-Delivery}) must never move a branch backwards: a push is current only if its {@code before} is the
 * head the ref's newest run holds, or a commit the system has not seen on that ref (a newer push delivered out of
 * order), or the ref is new; a push whose {@code before} was an earlier head is stale: 200, named, nothing recorded.
 */
@Tag("dynamodb")
class StalePushTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final String ZERO = "0".repeat(40);
    static final String A = "a".repeat(40);
    static final String B = "b".repeat(40);
    static final String C = "c".repeat(40);
    static final String D = "d".repeat(40);

    WebhookFixture fixture;
    BranchSupersession supersession;

    @AfterAll
    static void stop() {
        DB.close();
    }

    @BeforeEach
    void setUp() {
        fixture = new WebhookFixture(DB);
        supersession = new BranchSupersession(fixture.runs, fixture.branchRuns);
    }

    @Test
    void replayedOlderPush_shouldBeIgnoredAsStale_andSupersedeAndRecordNothing() {
        // GIVEN push 1 (new branch: 0 -> A) and push 2 (A -> B), whose run waits
        String push1 = push("refs/heads/main", ZERO, A);
        String runOne = started(fixture.send(Deliveries.of("push", WebhookFixture.delivery(), push1)));
        String runTwo = started(fixture.send(Deliveries.of("push", WebhookFixture.delivery(), push("refs/heads/main", A, B))));
        int items = fixture.items().size();

        // WHEN push 1, captured, is re-posted under a fresh delivery id
        String replayId = WebhookFixture.delivery();
        APIGatewayV2HTTPResponse replay = fixture.send(Deliveries.of("push", replayId, push1));

        // THEN 200 ignored: stale push, naming the newer run; nothing superseded, started or recorded
        assertThat(replay.getStatusCode()).as(replay.getBody()).isEqualTo(200);
        assertThat(WebhookFixture.body(replay).get("message").asText())
                .startsWith("ignored: stale push")
                .contains(runTwo)
                .contains("bbbbbbb");
        assertThat(supersession.supersededBy(runTwo)).isEmpty();
        assertThat(supersession.supersededBy(runOne)).map(Supersession.Superseded::byRunId).contains(runTwo);
        assertThat(fixture.starter.calls()).containsExactly(runOne, runTwo);
        assertThat(fixture.items()).hasSize(items);
        assertThat(fixture.run("run-" + replayId)).isEmpty();
        assertThat(fixture.ledger.find(replayId)).isEmpty();
    }

    @Test
    void replayOfTheNewestPushItself_shouldBeStale_butItsOwnRedeliveryAnswersItsRun() {
        // GIVEN push 1 (0 -> A) and push 2 (A -> B)
        push("refs/heads/main", ZERO, A, WebhookFixture.delivery());
        String deliveryTwo = WebhookFixture.delivery();
        String push2 = push("refs/heads/main", A, B);
        String runTwo = started(fixture.send(Deliveries.of("push", deliveryTwo, push2)));

        // WHEN push 2 is re-posted under a new id, and GitHub redelivers push 2 under its own id
        APIGatewayV2HTTPResponse replay = fixture.send(Deliveries.of("push", WebhookFixture.delivery(), push2));
        APIGatewayV2HTTPResponse redelivery = fixture.send(Deliveries.of("push", deliveryTwo, push2));

        // THEN the replay is stale; the redelivery answers the run it started (exactly once)
        assertThat(replay.getStatusCode()).isEqualTo(200);
        assertThat(WebhookFixture.body(replay).get("message").asText()).startsWith("ignored: stale push");
        assertThat(redelivery.getStatusCode()).isEqualTo(200);
        assertThat(WebhookFixture.body(redelivery).get("runId").asText()).isEqualTo(runTwo);
        assertThat(fixture.starter.executions()).hasSize(2);
    }

    @Test
    void redeliveryOfAnOlderRun_shouldStillAnswerItsRun_notStale() {
        // GIVEN push 1 and push 2 started
        String deliveryOne = WebhookFixture.delivery();
        String push1 = push("refs/heads/main", ZERO, A);
        String runOne = started(fixture.send(Deliveries.of("push", deliveryOne, push1)));
        started(fixture.send(Deliveries.of("push", WebhookFixture.delivery(), push("refs/heads/main", A, B))));

        // WHEN GitHub redelivers push 1 under its own id
        APIGatewayV2HTTPResponse redelivery = fixture.send(Deliveries.of("push", deliveryOne, push1));

        // THEN it answers the run it started, and starts nothing
        assertThat(redelivery.getStatusCode()).isEqualTo(200);
        assertThat(WebhookFixture.body(redelivery).get("runId").asText()).isEqualTo(runOne);
        assertThat(fixture.starter.calls()).hasSize(2);
    }

    @Test
    void forcePushBackToAnOlderCommit_withTheCurrentHeadAsBefore_shouldRun() {
        // GIVEN 0 -> A, A -> B
        push("refs/heads/main", ZERO, A, WebhookFixture.delivery());
        String runTwo = started(fixture.send(Deliveries.of("push", WebhookFixture.delivery(), push("refs/heads/main", A, B))));

        // WHEN someone force-pushes main back to A (before B, after A)
        String runBack = started(fixture.send(Deliveries.of("push", WebhookFixture.delivery(), push("refs/heads/main", B, A))));

        // THEN it runs A, and supersedes B's run
        assertThat(fixture.starter.executions().get(runBack).commit()).isEqualTo(A);
        assertThat(supersession.supersededBy(runTwo)).map(Supersession.Superseded::byRunId).contains(runBack);
    }

    @Test
    void pushesDeliveredOutOfOrder_shouldRunTheNewest_andIgnoreTheOlderOneArrivingLate() {
        // GIVEN 0 -> A ran; then A -> B and B -> C are pushed, but B -> C is delivered first
        push("refs/heads/main", ZERO, A, WebhookFixture.delivery());
        String runC = started(fixture.send(Deliveries.of("push", WebhookFixture.delivery(), push("refs/heads/main", B, C))));

        // WHEN A -> B arrives late
        APIGatewayV2HTTPResponse late = fixture.send(Deliveries.of("push", WebhookFixture.delivery(), push("refs/heads/main", A, B)));

        // THEN C runs and B, older, is stale
        assertThat(fixture.starter.executions().get(runC).commit()).isEqualTo(C);
        assertThat(late.getStatusCode()).isEqualTo(200);
        assertThat(WebhookFixture.body(late).get("message").asText()).startsWith("ignored: stale push").contains(runC);
    }

    @Test
    void replayedCreationOfABranch_shouldBeStale_butARecreationAfterADeletionRuns() {
        // GIVEN feature/x created (0 -> A) and pushed (A -> B)
        String creation = push("refs/heads/feature/x", ZERO, A);
        started(fixture.send(Deliveries.of("push", WebhookFixture.delivery(), creation)));
        push("refs/heads/feature/x", A, B, WebhookFixture.delivery());

        // WHEN the creation is replayed
        APIGatewayV2HTTPResponse replay = fixture.send(Deliveries.of("push", WebhookFixture.delivery(), creation));

        // THEN stale
        assertThat(replay.getStatusCode()).isEqualTo(200);
        assertThat(WebhookFixture.body(replay).get("message").asText()).startsWith("ignored: stale push");

        // WHEN the branch is deleted (B -> 0) and created again (0 -> D)
        APIGatewayV2HTTPResponse deleted = fixture.send(Deliveries.of("push", WebhookFixture.delivery(),
                deletion("refs/heads/feature/x", B)));
        String recreated = started(fixture.send(Deliveries.of("push", WebhookFixture.delivery(),
                push("refs/heads/feature/x", ZERO, D))));

        // THEN the deletion is ignored (it starts nothing) and the new branch runs
        assertThat(deleted.getStatusCode()).isEqualTo(202);
        assertThat(WebhookFixture.body(deleted).get("message").asText()).startsWith("ignored: push of deleted ref");
        assertThat(fixture.starter.executions().get(recreated).commit()).isEqualTo(D);
    }

    @Test
    void replayedPullRequestEvents_shouldBeStale() {
        // GIVEN pull request 7 opened at A, then synchronized A -> B
        String opened = pullRequest("opened", null, A);
        started(fixture.send(Deliveries.of("pull_request", WebhookFixture.delivery(), opened)));
        String synchronize = pullRequest("synchronize", A, B);
        String runB = started(fixture.send(Deliveries.of("pull_request", WebhookFixture.delivery(), synchronize)));

        // WHEN the opened and the synchronize deliveries are replayed under new ids
        APIGatewayV2HTTPResponse replayOpened = fixture.send(Deliveries.of("pull_request", WebhookFixture.delivery(), opened));
        APIGatewayV2HTTPResponse replaySync = fixture.send(Deliveries.of("pull_request", WebhookFixture.delivery(), synchronize));

        // THEN both are stale, naming B's run; nothing more started
        for (APIGatewayV2HTTPResponse replay : List.of(replayOpened, replaySync)) {
            assertThat(replay.getStatusCode()).as(replay.getBody()).isEqualTo(200);
            assertThat(WebhookFixture.body(replay).get("message").asText()).startsWith("ignored: stale").contains(runB);
        }
        assertThat(fixture.starter.calls()).hasSize(2);

        // AND a synchronize from B runs, and a reopen at the current head runs
        started(fixture.send(Deliveries.of("pull_request", WebhookFixture.delivery(), pullRequest("synchronize", B, C))));
        started(fixture.send(Deliveries.of("pull_request", WebhookFixture.delivery(), pullRequest("reopened", null, C))));
    }

    @Test
    void executionInput_shouldCarryTheBaseCommit() {
        // WHEN a new branch (before 0), a push onto it, and a pull request are delivered
        String created = started(fixture.send(Deliveries.of("push", WebhookFixture.delivery(), push("refs/heads/main", ZERO, A))));
        String pushed = started(fixture.send(Deliveries.of("push", WebhookFixture.delivery(), push("refs/heads/main", A, B))));
        String pr = started(fixture.send(Deliveries.of("pull_request", WebhookFixture.delivery(), pullRequest("opened", null, C))));

        // THEN the base commit is none for the new branch, the push's before, the pull request's base
        var executions = fixture.starter.executions();
        assertThat(executions.get(created).baseCommit()).isNull();
        assertThat(executions.get(pushed).baseCommit()).isEqualTo(A);
        assertThat(executions.get(pr).baseCommit()).isEqualTo(D);
        assertThat(fixture.run(pushed).orElseThrow().baseCommit()).isEqualTo(A);
    }

    private String push(String ref, String before, String after, String deliveryId) {
        return started(fixture.send(Deliveries.of("push", deliveryId, push(ref, before, after))));
    }

    private String started(APIGatewayV2HTTPResponse response) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
        fixture.clock.advance(Duration.ofSeconds(1));
        return WebhookFixture.body(response).get("runId").asText();
    }

    static String push(String ref, String before, String after) {
        return """
                {"ref": "%s", "before": "%s", "after": "%s", "created": %s, "deleted": false, "forced": false,
                 "repository": {"full_name": "acme/orders-service", "clone_url": "https://github.com/acme/orders-service.git",
                                "default_branch": "main"},
                 "pusher": {"name": "octocat", "email": "octocat@github.com"}, "sender": {"login": "octocat"}}
                """.formatted(ref, before, after, before.equals(ZERO));
    }

    static String deletion(String ref, String before) {
        return """
                {"ref": "%s", "before": "%s", "after": "%s", "created": false, "deleted": true, "forced": false,
                 "repository": {"full_name": "acme/orders-service", "clone_url": "https://github.com/acme/orders-service.git",
                                "default_branch": "main"},
                 "pusher": {"name": "octocat"}, "sender": {"login": "octocat"}}
                """.formatted(ref, before, ZERO);
    }

    static String pullRequest(String action, String before, String head) {
        return """
                {"action": "%s", "number": 7, %s
                 "pull_request": {"head": {"ref": "feature/x", "sha": "%s", "repo": {"full_name": "acme/orders-service"}},
                                  "base": {"ref": "main", "sha": "%s", "repo": {"full_name": "acme/orders-service"}},
                                  "user": {"login": "octocat"}},
                 "repository": {"full_name": "acme/orders-service",
                                "clone_url": "https://github.com/acme/orders-service.git"},
                 "sender": {"login": "octocat"}}
                """.formatted(action, before == null ? "" : "\"before\": \"" + before + "\", \"after\": \"" + head + "\",",
                head, D);
    }
}
