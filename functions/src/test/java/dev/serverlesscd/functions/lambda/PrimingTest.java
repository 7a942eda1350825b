package dev.serverlesscd.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.testing.DynamoDbLocal;
import dev.serverlesscd.functions.webhook.WebhookFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** SnapStart priming makes the first event's calls that change nothing: nothing is recorded, nothing started. */
@Tag("dynamodb")
class PrimingTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void webhookPriming_readsThroughTheService_butRecordsAndStartsNothing() {
        // GIVEN the webhook on DynamoDB Local
        WebhookFixture fixture = new WebhookFixture(DB);
        WebhookHandler handler = new WebhookHandler(fixture.ports());

        // WHEN Lambda is about to take the snapshot
        handler.priming().prime();

        // THEN the table is as empty as before, and no execution was started
        assertThat(DB.client().scan(r -> r.tableName(fixture.table)).items()).isEmpty();
        assertThat(fixture.starter.calls()).isEmpty();
    }

    @Test
    void priming_thatFails_isLoggedAndLetsTheFunctionWork() {
        // GIVEN a webhook whose table does not exist (every read fails)
        WebhookFixture fixture = new WebhookFixture(DB);
        DB.client().deleteTable(r -> r.tableName(fixture.table));
        WebhookHandler handler = new WebhookHandler(fixture.ports());

        // WHEN / THEN priming does not throw
        handler.priming().prime();
    }
}
