package dev.serverlesscd.functions.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.approval.PendingApprovals;
import dev.serverlesscd.functions.config.DeclaredStages;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.lambda.WebhookHandler;
import dev.serverlesscd.functions.plan.StagePlanner;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import dev.serverlesscd.functions.workflow.ExecutionInput;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The webhook's answers to forged, malformed, oversized, replayed and failing deliveries, and what it stored. */
@Tag("dynamodb")
class WebhookServiceTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();

    WebhookFixture fixture;

    @AfterAll
    static void stop() {
        DB.close();
    }

    @BeforeEach
    void setUp() {
        fixture = new WebhookFixture(DB);
    }

    // --- signature ---------------------------------------------------------------------------------------------

    @Test
    void handle_shouldAnswer401AndStoreNothing_whenSignatureIsWrong() {
        // GIVEN a push signed with another secret
        Deliveries forged = Deliveries.of("push", WebhookFixture.delivery(), WebhookFixture.pushJson("refs/heads/main"))
                .sign("not the secret");

        // WHEN it is delivered
        APIGatewayV2HTTPResponse response = fixture.send(forged);

        // THEN 401 naming the header; nothing stored, nothing started
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(message(response)).contains("X-Hub-Signature-256 does not match the body");
        assertNothingStoredOrStarted();
    }

    @Test
    void handle_shouldAnswer401AndStoreNothing_whenSignatureIsMissing() {
        // GIVEN a push without X-Hub-Signature-256, only the legacy SHA-1 signature
        Deliveries unsigned = Deliveries.of("push", WebhookFixture.delivery(), WebhookFixture.pushJson("refs/heads/main"))
                .header("X-Hub-Signature-256", null)
                .header("X-Hub-Signature", "sha1=0123456789abcdef0123456789abcdef01234567");

        // WHEN it is delivered
        APIGatewayV2HTTPResponse response = fixture.send(unsigned);

        // THEN 401: missing X-Hub-Signature-256
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(message(response)).startsWith("missing X-Hub-Signature-256");
        assertNothingStoredOrStarted();
    }

    @Test
    void handle_shouldAnswer401_whenSignatureIsMalformed() {
        // GIVEN signatures that are not sha256= and 64 hex digits
        for (String malformed : List.of("sha256=xyz", "sha1=" + "a".repeat(64), "sha256=" + "g".repeat(64), "sha256=")) {
            Deliveries delivery = Deliveries.of("push", WebhookFixture.delivery(), WebhookFixture.pushJson("refs/heads/main"))
                    .header("X-Hub-Signature-256", malformed);

            // WHEN each is delivered
            APIGatewayV2HTTPResponse response = fixture.send(delivery);

            // THEN 401 malformed
            assertThat(response.getStatusCode()).as(malformed).isEqualTo(401);
            assertThat(message(response)).as(malformed).startsWith("X-Hub-Signature-256 is malformed");
        }
        assertNothingStoredOrStarted();
    }

    @Test
    void handle_shouldAnswer401_whenTheBodyWasChangedAfterSigning() {
        // GIVEN a correctly signed push whose body is then altered by one byte (another branch)
        Deliveries signed = Deliveries.of("push", WebhookFixture.delivery(), WebhookFixture.pushJson("refs/heads/main"));
        String signature = signed.event().getHeaders().get("x-hub-signature-256");
        Deliveries tampered = Deliveries.of("push", WebhookFixture.delivery(), WebhookFixture.pushJson("refs/heads/mainx"))
                .header("X-Hub-Signature-256", signature);

        // WHEN the altered body is delivered
        APIGatewayV2HTTPResponse response = fixture.send(tampered);

        // THEN 401, nothing stored
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertNothingStoredOrStarted();
    }

    @Test
    void handle_shouldVerifyTheRawBytes_notAReserializedBody() {
        // GIVEN a body with GitHub's exact bytes: odd spacing, escaped unicode and a literal non-ASCII author
        String json = "{ \"ref\":\"refs/heads/main\", \"before\":\"9049f1265b7d61be4a8904a9a27120d2064dab3b\",  \"after\":\"6113728f27ae82c7b1a177c8d03f9e96e0adf246\","
                + "\"deleted\":false,\"repository\":{\"full_name\":\"acme/orders-service\"},"
                + "\"sender\":{\"login\":\"Zo\u00eb\"},\"head_commit\":{\"message\":\"caf\\u00e9\"} }";

        // WHEN it is delivered signed over those bytes
        APIGatewayV2HTTPResponse response = fixture.send(Deliveries.of("push", WebhookFixture.delivery(), json));

        // THEN accepted
        assertThat(response.getStatusCode()).isEqualTo(202);
    }

    // --- headers, content types, bodies ------------------------------------------------------------------------

    @Test
    void handle_shouldAnswer400NamingTheHeaders_whenEventAndDeliveryHeadersAreMissing() {
        // GIVEN a signed push without X-GitHub-Event and X-GitHub-Delivery
        Deliveries delivery = Deliveries.of("push", WebhookFixture.delivery(), WebhookFixture.pushJson("refs/heads/main"))
                .header("X-GitHub-Event", null)
                .header("X-GitHub-Delivery", null);

        // WHEN it is delivered
        APIGatewayV2HTTPResponse response = fixture.send(delivery);

        // THEN 400 naming both
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(message(response)).isEqualTo("missing header(s): X-GitHub-Event, X-GitHub-Delivery");
        assertNothingStoredOrStarted();
    }

    @Test
    void handle_shouldAnswer400_whenTheDeliveryIdCannotNameAnExecution() {
        // GIVEN a delivery id with characters a Step Functions name may not hold
        Deliveries delivery = Deliveries.of("push", "../../etc/passwd", WebhookFixture.pushJson("refs/heads/main"));

        // WHEN it is delivered
        APIGatewayV2HTTPResponse response = fixture.send(delivery);

        // THEN 400 naming the header
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(message(response)).startsWith("X-GitHub-Delivery is not a delivery id");
        assertNothingStoredOrStarted();
    }

    @Test
    void handle_shouldAnswer400_whenTheBodyIsNotJson() {
        // GIVEN signed bodies that are not the JSON object GitHub sends
        for (String body : List.of("{\"ref\": ", "[1, 2]", "", "\"push\"")) {
            // WHEN each is delivered
            APIGatewayV2HTTPResponse response = fixture.send(Deliveries.of("push", WebhookFixture.delivery(), body));

            // THEN 400
            assertThat(response.getStatusCode()).as(body).isEqualTo(400);
            assertThat(message(response)).as(body).containsAnyOf("not JSON", "not a JSON object", "body is empty");
        }
        assertNothingStoredOrStarted();
    }

    @Test
    void handle_shouldAnswer400NamingTheField_whenAPushLacksItsRepository() {
        // GIVEN a signed push without repository
        String json = "{\"ref\":\"refs/heads/main\",\"after\":\"6113728f27ae82c7b1a177c8d03f9e96e0adf246\"}";

        // WHEN it is delivered
        APIGatewayV2HTTPResponse response = fixture.send(Deliveries.of("push", WebhookFixture.delivery(), json));

        // THEN 400 naming repository.full_name
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(message(response)).isEqualTo("push payload lacks repository.full_name");
        assertNothingStoredOrStarted();
    }

    @Test
    void handle_shouldAnswer400_whenAFormBodyLacksPayload() {
        // GIVEN a signed form-encoded body with no payload field
        Deliveries delivery = Deliveries.of("push", WebhookFixture.delivery(), "other=1&more=2")
                .header("Content-Type", "application/x-www-form-urlencoded").sign(Deliveries.SECRET);

        // WHEN it is delivered
        APIGatewayV2HTTPResponse response = fixture.send(delivery);

        // THEN 400
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(message(response)).isEqualTo("form-encoded body lacks the payload field");
        assertNothingStoredOrStarted();
    }

    @Test
    void handle_shouldAnswer415_whenTheContentTypeIsNotOneGitHubSends() {
        // GIVEN a signed push sent as text/plain
        Deliveries delivery = Deliveries.of("push", WebhookFixture.delivery(), WebhookFixture.pushJson("refs/heads/main"))
                .header("Content-Type", "text/plain");

        // WHEN it is delivered
        APIGatewayV2HTTPResponse response = fixture.send(delivery);

        // THEN 415 naming both accepted types
        assertThat(response.getStatusCode()).isEqualTo(415);
        assertThat(message(response)).contains("application/json or application/x-www-form-urlencoded");
        assertNothingStoredOrStarted();
    }

    @Test
    void handle_shouldAcceptJsonWithACharset_formEncodedAndBase64Bodies() {
        // GIVEN the same push three ways GitHub and API Gateway may hand it over
        List<Deliveries> deliveries = List.of(
                Deliveries.of("push", WebhookFixture.delivery(), WebhookFixture.pushJson("refs/heads/main"))
                        .header("Content-Type", "application/json; charset=utf-8"),
                Deliveries.of("push", WebhookFixture.delivery(), WebhookFixture.pushJson("refs/heads/main")).formEncoded(),
                Deliveries.of("push", WebhookFixture.delivery(), WebhookFixture.pushJson("refs/heads/main")).formEncoded().base64());

        // WHEN each is delivered
        List<Integer> statuses = deliveries.stream().map(d -> fixture.send(d).getStatusCode()).toList();

        // THEN each starts a run
        assertThat(statuses).containsExactly(202, 202, 202);
        assertThat(fixture.starter.executions()).hasSize(3);
    }

    @Test
    void handle_shouldAnswer400_whenABase64BodyIsNotBase64() {
        // GIVEN API Gateway's base64 flag on a body that is not base64
        APIGatewayV2HTTPEvent event = Deliveries.of("push", WebhookFixture.delivery(), WebhookFixture.pushJson("refs/heads/main")).event();
        event.setIsBase64Encoded(true);
        event.setBody("!!not base64!!");

        // WHEN it is delivered
        APIGatewayV2HTTPResponse response = WebhookHandler.handle(fixture.service, event);

        // THEN 400
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertNothingStoredOrStarted();
    }

    @Test
    void handle_shouldAnswer413AndStoreNothing_whenTheBodyIsOverGitHubsLimit() {
        // GIVEN a signed body one byte over 25 MB
        byte[] padding = new byte[(int) WebhookConfig.MAX_BODY_BYTES + 1 - 2];
        Arrays.fill(padding, (byte) ' ');
        String json = "{" + new String(padding, StandardCharsets.US_ASCII) + "}";
        Deliveries oversized = Deliveries.of("push", WebhookFixture.delivery(), json);

        // WHEN it is delivered, as text and as base64
        APIGatewayV2HTTPResponse asText = fixture.send(oversized);
        APIGatewayV2HTTPResponse asBase64 = fixture.send(oversized.base64());

        // THEN 413 both ways; nothing stored
        assertThat(asText.getStatusCode()).isEqualTo(413);
        assertThat(asBase64.getStatusCode()).isEqualTo(413);
        assertThat(message(asText)).contains("GitHub's limit");
        assertNothingStoredOrStarted();
    }

    // --- routing -----------------------------------------------------------------------------------------------

    @Test
    void handle_shouldAnswer202IgnoredAndStoreNothing_whenTheRepositoryIsNotConfigured() {
        // GIVEN a signed push of a repository the configuration does not list
        String json = WebhookFixture.pushJson("someone/else", "refs/heads/main", "6113728f27ae82c7b1a177c8d03f9e96e0adf246");

        // WHEN it is delivered
        APIGatewayV2HTTPResponse response = fixture.send(Deliveries.of("push", WebhookFixture.delivery(), json));

        // THEN ignored: repository not configured
        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(message(response)).isEqualTo("ignored: repository not configured");
        assertNothingStoredOrStarted();
    }

    @Test
    void handle_shouldRouteEachBranchOfTheDefaultModel() {
        // GIVEN pushes to the branches of the default model and a release tag of acme/orders-service
        record Case(String ref, String tier, List<String> environments) {
        }
        List<Case> cases = List.of(
                new Case("refs/heads/main", "full", List.of("staging", "production")),
                new Case("refs/heads/master", "full", List.of("staging", "production")),
                new Case("refs/heads/develop", "standard", List.of("staging")),
                new Case("refs/heads/research", "basic", List.of("research")),
                new Case("refs/heads/feature/login", "standard", List.of()),
                new Case("refs/tags/v1.4.0", "full", List.of("staging", "production")));

        for (Case c : cases) {
            // WHEN each is delivered
            JsonNode body = WebhookFixture.body(fixture.send(
                    Deliveries.of("push", WebhookFixture.delivery(), WebhookFixture.pushJson(c.ref()))));

            // THEN its tier and environments, in order
            assertThat(body.path("tier").asText()).as(c.ref()).isEqualTo(c.tier());
            assertThat(body.path("environments")).as(c.ref()).extracting(JsonNode::asText)
                    .containsExactlyElementsOf(c.environments());
        }
    }

    @Test
    void handle_shouldPassTheExecutionInputOfTheContract_forAPushToMain() {
        // GIVEN a push to main of the sample service
        String delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

        // WHEN it is delivered
        fixture.send(Deliveries.of("push", delivery, WebhookFixture.pushJson("refs/heads/main")));

        // THEN the input is docs/architecture.md's example
        var input = fixture.starter.executions().get("run-" + delivery);
        assertThat(input.runId()).isEqualTo("run-72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertThat(input.deliveryId()).isEqualTo(delivery);
        assertThat(input.cloneUrl()).isEqualTo("https://github.com/acme/orders-service.git");
        assertThat(input.branch()).isEqualTo("main");
        assertThat(input.defaultBranch()).isEqualTo("main");
        assertThat(input.tag()).isNull();
        assertThat(input.version()).isEqualTo("main-6113728");
        assertThat(input.author()).isEqualTo("octocat");
        assertThat(input.deploy()).isTrue();
        assertThat(input.environments()).extracting("namespace").containsExactly("orders-staging", "orders-production");
        assertThat(input.environments().get(1).approvers()).containsExactly("lead@example.com");
    }

    @Test
    void handle_shouldPassTheRepositorysDefaultBranch_whenItIsNotMain() {
        // GIVEN a push to develop of a repository whose default branch is develop
        String delivery = WebhookFixture.delivery();
        String json = WebhookFixture.pushJson("refs/heads/develop")
                .replace("\"default_branch\": \"main\"", "\"default_branch\": \"develop\"");

        // WHEN it is delivered
        fixture.send(Deliveries.of("push", delivery, json));

        // THEN the execution input and the recorded run name develop: its runs are the ones that set baselines
        assertThat(fixture.starter.executions().get("run-" + delivery).defaultBranch()).isEqualTo("develop");
        assertThat(fixture.run("run-" + delivery)).get().extracting(Run::defaultBranch).isEqualTo("develop");
    }

    @Test
    void handle_shouldPassNoDefaultBranch_whenThePayloadDoesNotNameOne() {
        // GIVEN a push whose repository carries no default_branch
        String delivery = WebhookFixture.delivery();
        String json = WebhookFixture.pushJson("refs/heads/main").replace(", \"default_branch\": \"main\"", "");
        assertThat(json).doesNotContain("default_branch");

        // WHEN it is delivered
        fixture.send(Deliveries.of("push", delivery, json));

        // THEN the run starts without a default branch: the webhook invents none (the state machine assumes main)
        assertThat(fixture.starter.executions().get("run-" + delivery).defaultBranch()).isNull();
        assertThat(fixture.run("run-" + delivery)).get().satisfies(run -> {
            assertThat(run.status()).isEqualTo(RunStatus.RECEIVED);
            assertThat(run.defaultBranch()).isNull();
        });
    }

    // --- exactly once ------------------------------------------------------------------------------------------

    @Test
    void handle_shouldAnswer200WithTheExistingRunAndStartNothing_whenAStartedDeliveryIsRedelivered() {
        // GIVEN a push that started a run
        String delivery = WebhookFixture.delivery();
        Deliveries push = Deliveries.of("push", delivery, WebhookFixture.pushJson("refs/heads/main"));
        APIGatewayV2HTTPResponse first = fixture.send(push);

        // WHEN GitHub redelivers it, twice
        fixture.clock.advance(Duration.ofMinutes(10));
        APIGatewayV2HTTPResponse second = fixture.send(push);
        APIGatewayV2HTTPResponse third = fixture.send(push);

        // THEN 202 once, then 200 with the same run id; one StartExecution call in all
        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(second.getStatusCode()).isEqualTo(200);
        assertThat(third.getStatusCode()).isEqualTo(200);
        assertThat(WebhookFixture.body(second).path("runId").asText()).isEqualTo("run-" + delivery);
        assertThat(fixture.starter.calls()).containsExactly("run-" + delivery);
        assertThat(fixture.run("run-" + delivery)).get().extracting(r -> r.createdAt()).isEqualTo(WebhookFixture.T0);
    }

    @Test
    void handle_shouldAnswer5xxAndKeepTheRun_whenTheStartFails_andARedeliveryStartsIt() {
        // GIVEN Step Functions fails the first start
        String delivery = WebhookFixture.delivery();
        Deliveries push = Deliveries.of("push", delivery, WebhookFixture.pushJson("refs/heads/main"));
        fixture.starter.failNext(1);

        // WHEN the push is delivered
        APIGatewayV2HTTPResponse failed = fixture.send(push);

        // THEN 502; the run is recorded RECEIVED, its delivery given back, nothing started
        assertThat(failed.getStatusCode()).isEqualTo(502);
        assertThat(message(failed)).contains("redeliver to start it");
        assertThat(fixture.run("run-" + delivery)).get().extracting(r -> r.status()).isEqualTo(RunStatus.RECEIVED);
        assertThat(fixture.ledger.find(delivery)).get().satisfies(d -> {
            assertThat(d.state()).isEqualTo(DeliveryLedger.State.RECEIVED);
            assertThat(d.lastError()).contains("Step Functions is unavailable");
        });
        assertThat(fixture.starter.executions()).isEmpty();

        // WHEN GitHub redelivers it
        APIGatewayV2HTTPResponse redelivered = fixture.send(push);

        // THEN it starts, once
        assertThat(redelivered.getStatusCode()).isEqualTo(202);
        assertThat(fixture.starter.executions()).containsOnlyKeys("run-" + delivery);
        assertThat(fixture.ledger.find(delivery)).get().satisfies(d -> {
            assertThat(d.state()).isEqualTo(DeliveryLedger.State.STARTED);
            assertThat(d.attempts()).isEqualTo(2);
        });
    }

    @Test
    void handle_shouldStartOnce_whenEightRedeliveriesOfAFailedStartArriveTogether() throws Exception {
        // GIVEN a delivery whose start failed
        String delivery = WebhookFixture.delivery();
        Deliveries push = Deliveries.of("push", delivery, WebhookFixture.pushJson("refs/heads/main"));
        fixture.starter.failNext(1);
        assertThat(fixture.send(push).getStatusCode()).isEqualTo(502);
        WebhookFixture patient = fixture;

        // WHEN eight redeliveries arrive at once
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(() -> patient.send(push).getStatusCode());
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : pool.invokeAll(tasks)) {
            statuses.add(f.get());
        }
        pool.shutdown();

        // THEN one 202, the rest 200 (or 503 if still starting); exactly one more StartExecution call
        assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
        assertThat(statuses).allMatch(s -> s == 202 || s == 200 || s == 503);
        assertThat(fixture.starter.calls()).hasSize(2);
        assertThat(fixture.starter.executions()).containsOnlyKeys("run-" + delivery);
    }

    @Test
    void handle_shouldWaitForTheLease_whenAnAttemptDiedHoldingTheClaim_thenTakeOverWithoutASecondExecution() {
        // GIVEN an attempt that recorded the run, claimed it, started the execution and died before marking it
        String delivery = WebhookFixture.delivery();
        String runId = "run-" + delivery;
        Deliveries push = Deliveries.of("push", delivery, WebhookFixture.pushJson("refs/heads/main"));
        fixture.starter.failNext(1);
        fixture.send(push);                                                   // recorded, RECEIVED
        fixture.ledger.claim(delivery, runId, "dead-attempt", fixture.clock.instant());
        Run recorded = fixture.run(runId).orElseThrow();
        fixture.starter.start(runId, ExecutionInput.of(recorded, false,
                new StagePlanner().plan(DeclaredStages.DEFAULTS, recorded)));  // its execution exists
        int callsBefore = fixture.starter.calls().size();

        // WHEN GitHub redelivers within the lease
        fixture.clock.advance(Duration.ofSeconds(10));
        APIGatewayV2HTTPResponse early = fixture.send(push);

        // THEN 503 with Retry-After: it may be starting right now, nothing is started
        assertThat(early.getStatusCode()).isEqualTo(503);
        assertThat(early.getHeaders()).containsEntry("Retry-After", "5");
        assertThat(fixture.starter.calls()).hasSize(callsBefore);

        // WHEN GitHub redelivers after the lease
        fixture.clock.advance(WebhookConfig.START_LEASE);
        APIGatewayV2HTTPResponse late = fixture.send(push);

        // THEN the claim is taken over; Step Functions knows the name, so no second execution; the delivery marked started
        assertThat(late.getStatusCode()).isEqualTo(202);
        assertThat(fixture.starter.executions()).containsOnlyKeys(runId);
        assertThat(fixture.ledger.find(delivery)).get().extracting(d -> d.state()).isEqualTo(DeliveryLedger.State.STARTED);
    }

    @Test
    void handle_shouldAnswer503AndStartNothing_whenTheRunCannotBeRecorded() {
        // GIVEN a webhook whose table does not exist (DynamoDB refuses every write)
        WebhookService broken = WebhookFixture.onTable(DB.client(), "no-such-table", fixture.starter, PendingApprovals.NONE,
                new StaticWebhookSecret(Deliveries.SECRET), WebhookFixture.CONFIG, fixture.clock);

        // WHEN a push is delivered
        APIGatewayV2HTTPResponse response = WebhookHandler.handle(broken, 
                Deliveries.of("push", WebhookFixture.delivery(), WebhookFixture.pushJson("refs/heads/main")).event());

        // THEN 503 with Retry-After; nothing started
        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(message(response)).startsWith("could not record the delivery, nothing was started");
        assertThat(fixture.starter.calls()).isEmpty();
    }

    // --- supersession ------------------------------------------------------------------------------------------

    @Test
    void handle_shouldSupersedeTheOlderRunOfTheBranch_whenANewerPushArrives() {
        // GIVEN a push to main, and one to develop
        String older = WebhookFixture.delivery();
        String otherBranch = WebhookFixture.delivery();
        fixture.send(Deliveries.of("push", older, WebhookFixture.pushJson("refs/heads/main")));
        fixture.send(Deliveries.of("push", otherBranch, WebhookFixture.pushJson("refs/heads/develop")));

        // WHEN a newer push to main arrives
        fixture.clock.advance(Duration.ofMinutes(1));
        String newer = WebhookFixture.delivery();
        fixture.send(Deliveries.of("push", newer, WebhookFixture.pushJson("acme/orders-service", "refs/heads/main",
                "ec26c3e57ca3a959ca5aad62de7213c562f8c821")));

        // THEN the older main run is superseded by it; develop and the newer run are not
        assertThat(fixture.branchRuns.supersededBy("acme/orders-service", "main", "run-" + older)).contains("run-" + newer);
        assertThat(fixture.branchRuns.supersededBy("acme/orders-service", "main", "run-" + newer)).isEmpty();
        assertThat(fixture.branchRuns.supersededBy("acme/orders-service", "develop", "run-" + otherBranch)).isEmpty();
    }

    // --- configuration at cold start ---------------------------------------------------------------------------

    @Test
    void onTable_shouldServeTheSampleConfiguration() {
        // GIVEN the sample configuration from samples/
        var config = PipelineConfigLoader.load(SamplesTest.repositoryRoot().resolve("samples/pipeline-config.yml"));
        WebhookService service = WebhookFixture.onTable(DB.client(), fixture.table, fixture.starter, PendingApprovals.NONE,
                new StaticWebhookSecret(Deliveries.SECRET), config, fixture.clock);

        // WHEN a push to main is delivered
        APIGatewayV2HTTPResponse response = WebhookHandler.handle(service, 
                Deliveries.of("push", WebhookFixture.delivery(), WebhookFixture.pushJson("refs/heads/main")).event());

        // THEN a run to staging then production
        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(new DynamoDbRunStore(DB.client(), fixture.table).recent(1)).hasSize(1);
    }

    @Test
    void handle_shouldStartTheRunWithTheStagesItsRepositoryDeclares_plannedForIt() {
        // GIVEN samples/pipeline-stages.yml: a matrix, needs, a warn-only stage, a migration before staging
        var config = PipelineConfigLoader.load(SamplesTest.repositoryRoot().resolve("samples/pipeline-stages.yml"));
        WebhookService service = WebhookFixture.onTable(DB.client(), fixture.table, fixture.starter, PendingApprovals.NONE,
                new StaticWebhookSecret(Deliveries.SECRET), config, fixture.clock);
        String delivery = WebhookFixture.delivery();

        // WHEN a push to main is delivered
        APIGatewayV2HTTPResponse response = WebhookHandler.handle(service,
                Deliveries.of("push", delivery, WebhookFixture.pushJson("refs/heads/main")).event());

        // THEN the execution input carries the plan: two waves, the matrix expanded, the migration around staging
        assertThat(response.getStatusCode()).isEqualTo(202);
        var plan = fixture.starter.executions().get("run-" + delivery).plan();
        assertThat(plan.waves()).extracting(wave -> wave.stages().stream().map(dev.serverlesscd.functions.plan.PlannedStage::name).toList())
                .containsExactly(List.of("toolchains (toolchain=stable)", "toolchains (toolchain=1.88.0)", "licence-headers"),
                        List.of("checksums", "publish-licences"));
        assertThat(plan.environments().get("staging").beforeDeploy()).extracting(dev.serverlesscd.functions.plan.PlannedStage::key)
                .containsExactly("migrate-staging");
        assertThat(plan.environments().get("staging").afterDeploy()).extracting(dev.serverlesscd.functions.plan.PlannedStage::key)
                .containsExactly("smoke-staging", "e2e-staging");
    }

    @Test
    void handle_shouldLeaveOutAStageForChangedPaths_whenThePushChangedNoneOfThem_andRunItWhenUnknown() {
        // GIVEN a repository whose docs stage runs for changes under docs/ only
        var config = dev.serverlesscd.functions.config.PipelineConfigLoader.parse("""
                repositories:
                  acme/orders-service:
                    environments: {}
                    branches: [{pattern: "**", tier: standard, environments: []}]
                    stages:
                      test: {buildspec: buildspecs/test.yml, judgedAs: tests}
                      docs: {buildspec: buildspecs/docs.yml, when: {paths: ["docs/**"]}}
                """, "inline");
        WebhookService service = WebhookFixture.onTable(DB.client(), fixture.table, fixture.starter, PendingApprovals.NONE,
                new StaticWebhookSecret(Deliveries.SECRET), config, fixture.clock);
        String codeOnly = WebhookFixture.delivery();
        String unknown = WebhookFixture.delivery();

        // WHEN a push whose one commit changes src/ only is delivered, and one that lists no commit
        WebhookHandler.handle(service, Deliveries.of("push", codeOnly, WebhookFixture.pushJson("refs/heads/main")
                .replace("\"pusher\"", "\"commits\": [{\"id\": \"6113728f27ae82c7b1a177c8d03f9e96e0adf246\","
                        + " \"modified\": [\"src/main/java/App.java\"]}], \"pusher\"")).event());
        WebhookHandler.handle(service, Deliveries.of("push", unknown, WebhookFixture.pushJson("refs/heads/feature")).event());

        // THEN the first run leaves docs out, saying why; the second cannot know, so docs runs
        var first = fixture.starter.executions().get("run-" + codeOnly).plan();
        assertThat(first.stages()).extracting(dev.serverlesscd.functions.plan.PlannedStage::name).containsExactly("test");
        assertThat(first.skipped()).singleElement().satisfies(skipped ->
                assertThat(skipped.reason()).isEqualTo("runs for changes to docs/** only; this change touches none"));
        assertThat(fixture.starter.executions().get("run-" + unknown).plan().stages())
                .extracting(dev.serverlesscd.functions.plan.PlannedStage::name).containsExactly("test", "docs");
    }

    @Test
    void handle_shouldStartTheRunWithTodaysStages_whenItsRepositoryDeclaresNone() {
        // GIVEN a push to main (tier full) and one to develop (tier standard) of a repository without stages:
        String main = WebhookFixture.delivery();
        String develop = WebhookFixture.delivery();

        // WHEN both are delivered
        fixture.send(Deliveries.of("push", main, WebhookFixture.pushJson("refs/heads/main")));
        fixture.send(Deliveries.of("push", develop, WebhookFixture.pushJson("refs/heads/develop")));

        // THEN test, scan, lint and, on tier full only, the benchmark; the smoke test after each environment
        var onMain = fixture.starter.executions().get("run-" + main).plan();
        assertThat(onMain.stages()).extracting(dev.serverlesscd.functions.plan.PlannedStage::name)
                .containsExactly("test", "scan", "lint", "benchmark");
        assertThat(onMain.environments()).containsOnlyKeys("staging", "production");
        var onDevelop = fixture.starter.executions().get("run-" + develop).plan();
        assertThat(onDevelop.stages()).extracting(dev.serverlesscd.functions.plan.PlannedStage::name)
                .containsExactly("test", "scan", "lint");
        assertThat(onDevelop.skipped()).singleElement().satisfies(skipped ->
                assertThat(skipped.reason()).isEqualTo("runs for tier full only; this run is tier standard"));
    }

    private void assertNothingStoredOrStarted() {
        assertThat(fixture.items()).isEmpty();
        assertThat(fixture.starter.calls()).isEmpty();
    }

    private static String message(APIGatewayV2HTTPResponse response) {
        return WebhookFixture.body(response).path("message").asText();
    }
}
