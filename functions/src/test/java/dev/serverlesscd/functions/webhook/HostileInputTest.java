package dev.serverlesscd.functions.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Signed deliveries built to hurt (issue 13, items 3 and 4): malformed JSON past the parser's limits and ref names git
 * would refuse are answered 400 with the reason, before anything is recorded, never as an outage GitHub redelivers.
 */
@Tag("dynamodb")
class HostileInputTest {
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

    @Test
    void handle_shouldAnswer400WithTheReason_whenTheJsonIsPastTheParsersLimits() {
        // GIVEN signed bodies that break Jackson's stream constraints: nesting, a 2-million-digit number
        String deep = "{\"a\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}";
        String longNumber = "{\"ref\": " + "9".repeat(2_000_000) + "}";
        for (String body : List.of(deep, longNumber)) {
            // WHEN each is delivered
            APIGatewayV2HTTPResponse response = fixture.send(Deliveries.of("push", WebhookFixture.delivery(), body));

            // THEN 400 naming the limit, not 503
            assertThat(response.getStatusCode()).isEqualTo(400);
            assertThat(message(response)).startsWith("body is not JSON: ").doesNotContain("NullPointerException");
        }
        assertNothingStoredOrStarted();
    }

    @Test
    void handle_shouldAnswer400NamingTheRule_whenAPushedRefIsNotAGitRefName() {
        // GIVEN pushes to refs git's check-ref-format refuses, and one far longer than any key may be
        List<String> refs = List.of("refs/heads/", "refs/heads/a..b", "refs/heads/nul\u0000byte",
                "refs/heads/esc\u001b[31mred", "refs/heads/.hidden", "refs/heads/x.lock", "refs/heads/a//b",
                "refs/heads/we@{ird", "refs/heads/sp ace", "refs/heads/" + "b".repeat(2_200));
        for (String ref : refs) {
            // WHEN each is delivered
            APIGatewayV2HTTPResponse response = fixture.send(Deliveries.of("push", WebhookFixture.delivery(),
                    WebhookFixture.pushJson(ref.replace("\\", "\\\\").replace("\u0000", "\\u0000")
                            .replace("\u001b", "\\u001b"))));

            // THEN 400, naming the rule, with the name escaped
            assertThat(response.getStatusCode()).as(ref).isEqualTo(400);
            assertThat(message(response)).as(ref).contains("is not a valid git ref name")
                    .doesNotContain("\u0000", "\u001b");
        }
        assertNothingStoredOrStarted();
    }

    @Test
    void handle_shouldStillRunAPushToABranchWithSlashesDotsAndDashes() {
        // WHEN a push to an ordinary, if elaborate, branch name
        APIGatewayV2HTTPResponse response = fixture.send(Deliveries.of("push", WebhookFixture.delivery(),
                WebhookFixture.pushJson("refs/heads/feature/JIRA-12_v1.2-rc.1")));

        // THEN it is not refused as a ref name (no rule matches it: ignored, with the reason)
        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(message(response)).doesNotContain("ref name");
    }

    private void assertNothingStoredOrStarted() {
        assertThat(fixture.items()).isEmpty();
        assertThat(fixture.starter.calls()).isEmpty();
    }

    private static String message(APIGatewayV2HTTPResponse response) {
        return WebhookFixture.body(response).path("message").asText();
    }
}
