package dev.serverlesscd.functions.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.lambda.RunRequestHandler;
import dev.serverlesscd.functions.lambda.ScheduleHandler;
import dev.serverlesscd.functions.run.Trigger;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import dev.serverlesscd.functions.workflow.ExecutionInput;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Manual runs ({@code POST /runs} through {@link RunRequestHandler}) and scheduled runs (a schedule's target,
 * {@link ScheduleHandler}) on DynamoDB Local: routed as a push of their ref, recorded and started once per idempotency
 * key or fire time through the webhook's launcher, exempt from the stale rule, bad input 400 with nothing stored.
 */
@Tag("dynamodb")
class RequestedRunsTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final String MAIN = "refs/heads/main";
    static final PipelineConfig CONFIG = PipelineConfigLoader.parse("""
            repositories:
              acme/orders-service:
                environments:
                  staging: {namespace: orders-staging, deployment: orders}
                  production: {namespace: orders-production, deployment: orders, requiredApprovals: 1, approvers: [lead@example.com]}
                schedules:
                  - {name: nightly, cron: "0 2 * * *", ref: main, tier: basic}
                  - {name: nightly-deploy, cron: "0 3 * * *", ref: develop, deploy: true}
            """, "test");

    WebhookFixture fixture;
    RequestedRuns requested;

    @AfterAll
    static void stop() {
        DB.close();
    }

    @BeforeEach
    void setUp() {
        fixture = new WebhookFixture(DB);
        requested = new RequestedRuns(CONFIG, fixture.launcher, fixture.runs, fixture.branchRuns, fixture.clock);
    }

    /** A push of {@code sha} to {@code ref}, delivered to the webhook: the ref's head the requested runs start from. */
    private String pushed(String ref, String sha) {
        APIGatewayV2HTTPResponse response = fixture.send(Deliveries.of("push", WebhookFixture.delivery(),
                WebhookFixture.pushJson("acme/orders-service", ref, sha)));
        assertThat(response.getStatusCode()).isEqualTo(202);
        return WebhookFixture.body(response).path("runId").asText();
    }

    private static APIGatewayV2HTTPEvent post(String json) {
        APIGatewayV2HTTPEvent.RequestContext.IAM iam = new APIGatewayV2HTTPEvent.RequestContext.IAM();
        iam.setUserArn("arn:aws:iam::123456789012:user/lead");
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey("POST /runs")
                .withBody(json)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder().withIam(iam).build())
                        .build())
                .build();
    }

    @Test
    void postRuns_shouldStartAManualRunOfTheRefsHead_routedAsItsPush_onceperIdempotencyKey() {
        // GIVEN main was pushed at 'head'
        String head = WebhookFixture.randomSha();
        String pushRun = pushed(MAIN, head);
        RunRequestHandler handler = new RunRequestHandler(fixture.ports());

        // WHEN a manual run of main is asked for, twice with the same key
        APIGatewayV2HTTPResponse first = handler.handleRequest(post(
                "{\"repository\": \"acme/orders-service\", \"ref\": \"main\", \"idempotencyKey\": \"k-1\"}"), null);
        APIGatewayV2HTTPResponse again = handler.handleRequest(post(
                "{\"repository\": \"acme/orders-service\", \"ref\": \"main\", \"idempotencyKey\": \"k-1\"}"), null);

        // THEN one run of main's head, routed as main's push (tier full, staging then production), by the caller
        assertThat(first.getStatusCode()).isEqualTo(202);
        JsonNode body = WebhookFixture.body(first);
        assertThat(body.path("runId").asText()).isEqualTo("run-manual-k-1");
        assertThat(body.path("tier").asText()).isEqualTo("full");
        assertThat(body.path("environments")).extracting(JsonNode::asText).containsExactly("staging", "production");
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(WebhookFixture.body(again).path("runId").asText()).isEqualTo("run-manual-k-1");
        assertThat(fixture.starter.calls()).containsExactly(pushRun, "run-manual-k-1");
        ExecutionInput input = fixture.starter.executions().get("run-manual-k-1");
        assertThat(input.commit()).isEqualTo(head);
        assertThat(input.event()).isEqualTo("manual");
        assertThat(input.branch()).isEqualTo("main");
        assertThat(input.cloneUrl()).isEqualTo("https://github.com/acme/orders-service.git");
        assertThat(input.author()).isEqualTo("arn:aws:iam::123456789012:user/lead");
        assertThat(input.contributors()).extracting(c -> c.login()).containsExactly("arn:aws:iam::123456789012:user/lead");
        assertThat(input.trigger()).isEqualTo(Trigger.manual("arn:aws:iam::123456789012:user/lead"));
        assertThat(fixture.run("run-manual-k-1")).get().extracting(r -> r.trigger()).isEqualTo(input.trigger());
        // AND the manual run of main superseded the push's run, as a newer push would
        assertThat(fixture.branchRuns.supersededBy("acme/orders-service", "main", pushRun)).contains("run-manual-k-1");
    }

    @Test
    void manual_shouldRunAnOlderCommit_withATierOfItsOwn_andLeaveTheRefsHeadAlone() {
        // GIVEN main went from 'old' to 'current'
        String old = WebhookFixture.randomSha();
        String current = WebhookFixture.randomSha();
        pushed(MAIN, old);
        pushed(MAIN, current);

        // WHEN the older commit is run by hand with tier basic
        WebhookAnswer answer = requested.manual(new RequestedRuns.ManualRequest("acme/orders-service",
                "refs/heads/main", old, "basic", "lead", "older"));

        // THEN it runs (the stale rule is for replayed deliveries), and main's head is still the current commit
        assertThat(answer.status()).isEqualTo(202);
        ExecutionInput input = fixture.starter.executions().get("run-manual-older");
        assertThat(input.commit()).isEqualTo(old);
        assertThat(input.tier()).isEqualTo("basic");
        assertThat(input.version()).isEqualTo("main-" + old.substring(0, 7));
        assertThat(fixture.branchRuns.head("acme/orders-service", MAIN)).get()
                .extracting(BranchRunsHead -> BranchRunsHead.commit()).isEqualTo(current);
    }

    @Test
    void manual_shouldRefuseBadRequests_with400AndTheReason_storingNothing() {
        // GIVEN nothing was ever pushed
        RunRequestHandler handler = new RunRequestHandler(fixture.ports());

        // WHEN / THEN each bad request is 400 naming what is wrong
        assertThat(refusal("acme/unknown", "main", null, null)).startsWith("unknown repository 'acme/unknown'; configured: ");
        assertThat(refusal("acme/orders-service", "main..x", null, null))
                .startsWith("ref 'main..x' is not a valid git ref name");
        assertThat(refusal("acme/orders-service", "refs/pull/1/head", null, null))
                .isEqualTo("ref 'refs/pull/1/head' is not a branch (refs/heads/NAME) or a tag (refs/tags/NAME)");
        assertThat(refusal("acme/orders-service", "refs/tags/nightly", null, null))
                .isEqualTo("tag nightly matches no tags rule of acme/orders-service: nothing runs it");
        assertThat(refusal("acme/orders-service", "main", null, "fulll"))
                .isEqualTo("unknown tier 'fulll'; known: basic, full, standard");
        assertThat(refusal("acme/orders-service", "main", "abc123", null))
                .isEqualTo("commit 'abc123' is not a full commit sha (40 hexadecimal digits)");
        assertThat(refusal("acme/orders-service", "main", null, null))
                .isEqualTo("no commit of refs/heads/main is known: no push of it was delivered yet; name the commit to run");
        assertThat(WebhookFixture.body(handler.handleRequest(post("[1]"), null)).path("message").asText())
                .isEqualTo("body is not a JSON object");
        assertThat(handler.handleRequest(post("{\"repository\": 7}"), null).getStatusCode()).isEqualTo(400);
        assertThat(fixture.items()).isEmpty();
        assertThat(fixture.starter.calls()).isEmpty();
    }

    private String refusal(String repository, String ref, String commit, String tier) {
        WebhookAnswer answer = requested.manual(new RequestedRuns.ManualRequest(repository, ref, commit, tier, "lead", null));
        assertThat(answer.status()).as(answer.messageText()).isEqualTo(400);
        return answer.messageText();
    }

    @Test
    void schedule_shouldRunTheRefsHeadOncePerFireTime_checksOnlyUnlessItDeploys() {
        // GIVEN main and develop were pushed
        String mainHead = WebhookFixture.randomSha();
        pushed(MAIN, mainHead);
        pushed("refs/heads/develop", WebhookFixture.randomSha());
        ScheduleHandler handler = new ScheduleHandler(fixture.ports(CONFIG));
        Instant tonight = Instant.parse("2025-11-21T02:00:00Z");

        // WHEN the nightly schedule fires twice for the same time (a retry), and once the next night
        Map<String, Object> first = fire(handler, "nightly", tonight);
        Map<String, Object> retried = fire(handler, "nightly", tonight.plusSeconds(20));
        Map<String, Object> next = fire(handler, "nightly", tonight.plus(Duration.ofDays(1)));
        Map<String, Object> deploying = fire(handler, "nightly-deploy", tonight.plus(Duration.ofHours(1)));

        // THEN two nightly runs, of main's head, tier basic, checks only; the deploying schedule has its rule's targets
        String nightlyRun = "run-" + RequestedRuns.scheduleDeliveryId("acme/orders-service", "nightly", tonight);
        assertThat(nightlyRun).startsWith("run-sched-nightly-20251121T0200Z-");
        assertThat(first).containsEntry("status", 202).containsEntry("runId", nightlyRun);
        assertThat(retried).containsEntry("status", 200).containsEntry("runId", nightlyRun);
        assertThat(next).containsEntry("status", 202).doesNotContainEntry("runId", nightlyRun);
        ExecutionInput input = fixture.starter.executions().get(nightlyRun);
        assertThat(input.commit()).isEqualTo(mainHead);
        assertThat(input.tier()).isEqualTo("basic");
        assertThat(input.deploy()).isFalse();
        assertThat(input.event()).isEqualTo("schedule");
        assertThat(input.trigger()).isEqualTo(Trigger.schedule("nightly"));
        assertThat(deploying).containsEntry("status", 202).containsEntry("environments", java.util.List.of("staging"));
        // AND a scheduled run supersedes nothing: the push's run of main is not superseded
        assertThat(fixture.branchRuns.supersededBy("acme/orders-service", "main",
                fixture.starter.calls().get(0))).isEmpty();
    }

    @Test
    void schedule_shouldRefuseAnUnknownSchedule_andRunNothingForARefNeverPushed() {
        ScheduleHandler handler = new ScheduleHandler(fixture.ports(CONFIG));

        assertThat(requested.scheduled("acme/orders-service", "hourly", Instant.parse("2025-11-21T02:00:00Z")).messageText())
                .isEqualTo("unknown schedule 'hourly' of acme/orders-service; configured: nightly, nightly-deploy");
        // the schedule's target fails the invocation, so Scheduler's retries and the function's error alarm see it
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fire(handler, "hourly", Instant.parse("2025-11-21T02:00:00Z")))
                .hasMessage("schedule hourly of acme/orders-service: 400 unknown schedule 'hourly' of "
                        + "acme/orders-service; configured: nightly, nightly-deploy");
        assertThat(fire(handler, "nightly", Instant.parse("2025-11-21T02:00:00Z")))
                .containsEntry("status", 409)
                .containsEntry("message", "schedule nightly of acme/orders-service ran nothing at 2025-11-21T02:00:00Z:"
                        + " no push of refs/heads/main was delivered yet");
        assertThat(fixture.starter.calls()).isEmpty();
    }

    private static Map<String, Object> fire(ScheduleHandler handler, String schedule, Instant at) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            handler.handleRequest(new java.io.ByteArrayInputStream(("{\"repository\": \"acme/orders-service\", "
                    + "\"schedule\": \"" + schedule + "\", \"scheduledTime\": \"" + at + "\"}").getBytes()), out, null);
            return dev.serverlesscd.functions.common.Json.MAPPER.readValue(out.toByteArray(),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {
                    });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
