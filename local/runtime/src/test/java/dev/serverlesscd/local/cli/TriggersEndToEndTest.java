package dev.serverlesscd.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.asl.AslError;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.Trigger;
import dev.serverlesscd.functions.webhook.DeliveryLedger;
import dev.serverlesscd.functions.webhook.RequestedRuns;
import dev.serverlesscd.functions.workflow.ExecutionNames;
import dev.serverlesscd.local.demo.DemoSession;
import dev.serverlesscd.local.demo.SignedPush;
import dev.serverlesscd.local.runtime.LocalPipeline;
import dev.serverlesscd.local.runtime.RepositoryRoot;
import dev.serverlesscd.local.testing.MutableClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Triggers beyond push through the local runtime, as {@code pipeline local serve} runs: the sample configuration's
 * nightly schedule fires on the scheduler's clock (moved by the test, not waited for), and {@code pipeline run}
 * starts a manual run through {@code POST /runs}. Builds fail at once: neither scenario judges them.
 */
@Tag("e2e")
class TriggersEndToEndTest {
    private static final Path ROOT = RepositoryRoot.find();
    private static final String HEAD = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

    @TempDir
    Path workspace;

    @Test
    void theNightlyScheduleFires_andPipelineRunStartsAManualRun_ofMainsHead_andAPullRequestIntoResearchIsFilteredOut()
            throws Exception {
        // GIVEN local serve's runtime, its scheduler's clock just before 02:00 UTC, and a push of main delivered
        MutableClock clock = new MutableClock(Instant.parse("2026-12-06T01:59:30Z"));
        try (LocalPipeline pipeline = LocalPipeline.builder(ROOT, workspace,
                        PipelineConfigLoader.load(ROOT.resolve("samples/pipeline-config.yml")), DemoSession.WEBHOOK_SECRET)
                .clusterStep(Duration.ofMillis(20))
                .buildBinding(invocation -> {
                    throw new AslError("States.TaskFailed", "no builds in this test");
                })
                .schedules(clock)
                .start()) {
            LocalState.at(workspace).writeServed(new LocalState.Served(pipeline.httpEndpoint(),
                    pipeline.stepFunctionsEndpoint(), pipeline.dynamo().endpoint(), pipeline.stateMachineArn(),
                    pipeline.rollbackStateMachineArn(), ProcessHandle.current().pid()));
            SignedPush push = SignedPush.of(ROOT.resolve("samples/events/push-main.json"), HEAD, DemoSession.WEBHOOK_SECRET);
            assertThat(push.post(URI.create(pipeline.httpEndpoint() + "/webhook")).statusCode()).isEqualTo(202);

            // WHEN the clock passes 02:00 and the scheduler looks (as its timer does every few seconds)
            clock.set(Instant.parse("2026-12-06T02:00:20Z"));
            pipeline.scheduler().orElseThrow().fireDue();

            // THEN the nightly run of main's head started, once, tier full and checks only
            String nightly = ExecutionNames.runId(RequestedRuns.scheduleDeliveryId("acme/orders-service", "nightly",
                    Instant.parse("2026-12-06T02:00:00Z")));
            Run scheduled = pipeline.runs().find(nightly).orElseThrow();
            assertThat(scheduled.commit()).isEqualTo(HEAD);
            assertThat(scheduled.tier()).isEqualTo("full");
            assertThat(scheduled.deploy()).isFalse();
            assertThat(scheduled.trigger()).isEqualTo(Trigger.schedule("nightly"));
            assertThat(pipeline.ports().deliveries().find(RequestedRuns.scheduleDeliveryId("acme/orders-service",
                    "nightly", Instant.parse("2026-12-06T02:00:00Z")))).get()
                    .extracting(DeliveryLedger.Delivery::executionArn).asString().endsWith(":" + nightly);
            assertThat(pipeline.scheduler().orElseThrow().fireDue()).as("nothing more is due").isEmpty();

            // AND `pipeline run` starts a manual run of main through POST /runs; a bad tier exits 1 with the reason
            PipelineCliTest.Result manual = PipelineCliTest.run("run", "--repository", "acme/orders-service",
                    "--ref", "main", "--idempotency-key", "by-hand", "--requested-by", "lead",
                    "--workspace", workspace.toString());
            assertThat(manual.exitCode()).as(manual.err()).isZero();
            assertThat(manual.out()).contains("started run-manual-by-hand for a manual run of main",
                    "tier full, environments [\"staging\",\"production\"]");
            Run byHand = pipeline.runs().find("run-manual-by-hand").orElseThrow();
            assertThat(byHand.commit()).isEqualTo(HEAD);
            assertThat(byHand.trigger()).isEqualTo(Trigger.manual("lead"));
            PipelineCliTest.Result refused = PipelineCliTest.run("run", "--repository", "acme/orders-service",
                    "--ref", "main", "--tier", "gold", "--workspace", workspace.toString());
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("run refused (400): unknown tier 'gold'; known: basic, full, standard");

            // AND a pull request into research (not one of the sample's pullRequests.baseBranches) starts nothing
            SignedPush intoResearch = SignedPush.pullRequest(ROOT.resolve("samples/events/pull-request-opened.json"),
                    "feature/try", "c".repeat(40), "research", HEAD, null, DemoSession.WEBHOOK_SECRET);
            var filtered = intoResearch.post(URI.create(pipeline.httpEndpoint() + "/webhook"));
            assertThat(filtered.statusCode()).isEqualTo(202);
            assertThat(filtered.body()).contains("ignored: pull request #", "base branch research matches none of");
            assertThat(pipeline.runs().find(ExecutionNames.runId(intoResearch.deliveryId()))).isEmpty();
        }
    }
}
