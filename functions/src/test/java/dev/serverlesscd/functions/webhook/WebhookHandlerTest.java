package dev.serverlesscd.functions.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.lambda.WebhookHandler;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import dev.serverlesscd.functions.wiring.AwsPorts;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("dynamodb")
class WebhookHandlerTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void handleRequest_shouldAnswerApiGatewaysEventThroughTheService() {
        // GIVEN the handler over the fixture's ports on DynamoDB Local
        WebhookFixture fixture = new WebhookFixture(DB);
        WebhookHandler handler = new WebhookHandler(fixture.ports());

        // WHEN API Gateway hands it a signed push
        APIGatewayV2HTTPResponse response = handler.handleRequest(
                Deliveries.of("push", WebhookFixture.delivery(), WebhookFixture.pushJson("refs/heads/develop")).event(), null);

        // THEN 202 as JSON
        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
        assertThat(WebhookFixture.body(response).path("environments").get(0).asText()).isEqualTo("staging");
    }

    @Test
    void fromEnv_shouldNameTheMissingVariable() {
        assertThatThrownBy(() -> new WebhookHandler(AwsPorts.create(new Env(Map.of("TABLE_NAME", "pipeline",
                "GITHUB_WEBHOOK_SECRET", "s3cr3t")), Clock.systemUTC())))
                .hasMessage("Environment variable STATE_MACHINE_ARN is not set");
    }

    @Test
    void fromEnv_shouldNameTheThreeWaysToGiveTheSecret_whenNoneIsSet() {
        assertThatThrownBy(() -> new WebhookHandler(AwsPorts.create(new Env(Map.of("TABLE_NAME", "pipeline",
                "STATE_MACHINE_ARN", "arn:aws:states:eu-west-1:1:stateMachine:pipeline")), Clock.systemUTC())))
                .hasMessageContaining("GITHUB_WEBHOOK_SECRET_ARN")
                .hasMessageContaining("GITHUB_WEBHOOK_SECRET or GITHUB_WEBHOOK_SECRET_FILE");
    }
}
