package dev.serverlesscd.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.EnvironmentVariables;
import dev.serverlesscd.functions.common.PipelineTable;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.deploy.EnvironmentLockedException;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunAlreadyExistsException;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.webhook.DeliveryLedger.Claim;
import dev.serverlesscd.functions.wiring.AwsPorts;
import dev.serverlesscd.functions.wiring.Ports;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DynamoDB stores as the Lambdas wire them ({@link AwsPorts} on {@code TABLE_NAME}), on LocalStack's DynamoDB:
 * the conditional writes that make runs, deliveries and locks exactly-once.
 */
@LocalStackTest
class DynamoDbOnLocalStackTest {
    /** Now, not a fixed date: items expire (TTL) relative to it, and LocalStack may sweep expired items. */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static Ports ports;

    @BeforeAll
    static void start() {
        LocalStack.start();
        String table = "pipeline-" + UUID.randomUUID();
        PipelineTable.create(AwsClients.dynamoDb(), table);
        ports = AwsPorts.create(new Env(Map.of(EnvironmentVariables.TABLE_NAME, table)), Clock.fixed(T0, ZoneOffset.UTC));
    }

    @Test
    void runs_shouldRecordARunOnce_andMarkItStarted() {
        // GIVEN a received run
        Run run = received("run-" + UUID.randomUUID());
        ports.runs().create(run);

        // WHEN the same run is recorded again, and its execution starts
        assertThatThrownBy(() -> ports.runs().create(run)).isInstanceOf(RunAlreadyExistsException.class);
        ports.runs().markStarted(run.runId(), "arn:aws:states:us-east-1:000000000000:execution:pipeline:x", T0);

        // THEN
        Run stored = ports.runs().find(run.runId()).orElseThrow();
        assertThat(stored.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(stored.executionArn()).isEqualTo("arn:aws:states:us-east-1:000000000000:execution:pipeline:x");
        assertThat(stored.commit()).isEqualTo(run.commit());
    }

    @Test
    void deliveries_shouldLetOneAttemptStartADelivery() {
        // GIVEN
        String delivery = "delivery-" + UUID.randomUUID();

        // WHEN two attempts claim it, then the first one's execution starts and a redelivery claims it
        Claim first = ports.deliveries().claim(delivery, "run-1", "attempt-1", T0);
        Claim second = ports.deliveries().claim(delivery, "run-1", "attempt-2", T0.plusSeconds(1));
        ports.deliveries().markStarted(delivery, "arn:aws:states:us-east-1:000000000000:execution:pipeline:y",
                T0.plusSeconds(2));
        Claim redelivered = ports.deliveries().claim(delivery, "run-1", "attempt-3", T0.plusSeconds(3));

        // THEN
        assertThat(first).isEqualTo(new Claim.Claimed(1));
        assertThat(second).isInstanceOf(Claim.InProgress.class);
        assertThat(redelivered).isInstanceOfSatisfying(Claim.AlreadyStarted.class, started -> assertThat(
                started.delivery().executionArn()).isEqualTo("arn:aws:states:us-east-1:000000000000:execution:pipeline:y"));
    }

    @Test
    void locks_shouldRefuseASecondOwner_untilTheFirstReleases() {
        // GIVEN run A holds the environment
        DeploymentRef ref = new DeploymentRef("ns-" + UUID.randomUUID().toString().substring(0, 8), "orders");
        ports.locks().acquire(ref, "run-a", T0);

        // WHEN / THEN run B is refused, naming the holder, until A releases
        assertThatThrownBy(() -> ports.locks().acquire(ref, "run-b", T0.plusSeconds(60)))
                .isInstanceOfSatisfying(EnvironmentLockedException.class, e -> assertThat(e.holder()).isEqualTo("run-a"));
        assertThat(ports.locks().release(ref, "run-b")).isFalse();
        assertThat(ports.locks().release(ref, "run-a")).isTrue();
        ports.locks().acquire(ref, "run-b", T0.plusSeconds(120));
    }

    static Run received(String runId) {
        return new Run(runId, "delivery-" + runId, "acme/orders-service", "https://github.com/acme/orders-service.git",
                "push", "refs/heads/main", "main", "main", null, "6113728f27ae82c7b1a177c8d03f9e96e0adf246", null, "octocat",
                List.of(), "main-6113728", "full", false, List.of(), RunStatus.RECEIVED, null, T0, T0, null, null, null);
    }
}
