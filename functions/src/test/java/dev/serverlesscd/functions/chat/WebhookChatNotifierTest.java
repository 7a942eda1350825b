package dev.serverlesscd.functions.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.config.PublishConfig.ChatChannel;
import dev.serverlesscd.functions.config.PublishConfig.ChatEvent;
import dev.serverlesscd.functions.config.PublishConfig.ChatType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chat webhooks on a WireMock stub: each service's format, retries after Retry-After, failures that say why. */
@Tag("unit")
class WebhookChatNotifierTest {
    private static WireMockServer hooks;
    private final List<Duration> sleeps = new ArrayList<>();
    private WebhookChatNotifier notifier;

    @BeforeAll
    static void start() {
        hooks = new WireMockServer(wireMockConfig().dynamicPort());
        hooks.start();
    }

    @AfterAll
    static void stop() {
        hooks.stop();
    }

    @BeforeEach
    void reset() {
        hooks.resetAll();
        Map<String, String> env = Map.of("CHAT_WEBHOOK_TEAM", hooks.baseUrl() + "/services/T000/B000/XXXX",
                "CHAT_WEBHOOK_OPS", hooks.baseUrl() + "/api/webhooks/1/token",
                "CHAT_WEBHOOK_AUDIT", hooks.baseUrl() + "/hooks/audit");
        notifier = new WebhookChatNotifier(ChatUrls.local(new Env(env), null), WebhookChatNotifier.defaultHttpClient(),
                sleeps::add);
    }

    @Test
    void send_shouldPostSlackBlocks() {
        hooks.stubFor(post("/services/T000/B000/XXXX").willReturn(aResponse().withStatus(200).withBody("ok")));

        notifier.send(channel("team", ChatType.SLACK), failed());

        hooks.verify(postRequestedFor(urlEqualTo("/services/T000/B000/XXXX"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"text": "orders-service: run-7 failed: 2 of 16 tests failed",
                         "blocks": [
                           {"type": "header", "text": {"type": "plain_text", "text": "orders-service: run-7 failed"}},
                           {"type": "section", "text": {"type": "mrkdwn", "text": "2 of 16 tests failed"}},
                           {"type": "section", "fields": [{"type": "mrkdwn", "text": "*Commit*\\n6113728"},
                                                          {"type": "mrkdwn", "text": "*test*\\nFAIL"}]},
                           {"type": "context", "elements": [{"type": "mrkdwn", "text": "<https://ci.example.com/runs/run-7|Open>"}]}]}
                        """)));
    }

    @Test
    void send_shouldPostADiscordEmbed_andAGenericJson() {
        hooks.stubFor(post("/api/webhooks/1/token").willReturn(aResponse().withStatus(204)));
        hooks.stubFor(post("/hooks/audit").willReturn(aResponse().withStatus(202)));

        notifier.send(channel("ops", ChatType.DISCORD), failed());
        notifier.send(channel("audit", ChatType.WEBHOOK), failed());

        hooks.verify(postRequestedFor(urlEqualTo("/api/webhooks/1/token")).withRequestBody(equalToJson("""
                {"embeds": [{"title": "orders-service: run-7 failed", "description": "2 of 16 tests failed",
                  "url": "https://ci.example.com/runs/run-7", "color": 13574702,
                  "fields": [{"name": "Commit", "value": "6113728", "inline": true},
                             {"name": "test", "value": "FAIL", "inline": true}]}]}
                """)));
        hooks.verify(postRequestedFor(urlEqualTo("/hooks/audit")).withRequestBody(equalToJson("""
                {"event": "run-failed", "title": "orders-service: run-7 failed", "text": "2 of 16 tests failed",
                 "fields": {"Commit": "6113728", "test": "FAIL"}, "link": "https://ci.example.com/runs/run-7", "good": false}
                """)));
    }

    @Test
    void send_shouldWaitTheRetryAfter_whenRateLimited() {
        hooks.stubFor(post("/api/webhooks/1/token").inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("waited").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")
                        .withBody("{\"message\": \"You are being rate limited.\", \"retry_after\": 2.0, \"global\": false}")));
        hooks.stubFor(post("/api/webhooks/1/token").inScenario("limit").whenScenarioStateIs("waited")
                .willReturn(aResponse().withStatus(204)));

        notifier.send(channel("ops", ChatType.DISCORD), failed());

        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
        hooks.verify(2, postRequestedFor(urlEqualTo("/api/webhooks/1/token")));
    }

    @Test
    void send_shouldGiveUp_afterThreeAttempts_orAtOnceOnA4xx_withoutShowingTheUrl() {
        hooks.stubFor(post("/services/T000/B000/XXXX").willReturn(aResponse().withStatus(503).withBody("busy")));
        hooks.stubFor(post("/api/webhooks/1/token").willReturn(aResponse().withStatus(404).withBody("{\"message\": \"Unknown Webhook\"}")));

        assertThatThrownBy(() -> notifier.send(channel("team", ChatType.SLACK), failed()))
                .isInstanceOf(ChatDeliveryException.class)
                .hasMessage("chat message run-failed to team (slack): gave up after 3 attempts; last: 503 busy");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThatThrownBy(() -> notifier.send(channel("ops", ChatType.DISCORD), failed()))
                .hasMessage("chat message run-failed to ops (discord): the service answered 404 {\"message\": \"Unknown Webhook\"} (not retried)");
        assertThatThrownBy(() -> notifier.send(channel("nobody", ChatType.SLACK), failed()))
                .hasMessage("chat message run-failed to nobody (slack): its webhook URL (secret 'nobody') is not set")
                .message().doesNotContain("http");
    }

    @Test
    void outbox_shouldWriteThePayload_andSendOnlyWhenTheUrlIsKnown(@TempDir Path dir) throws Exception {
        List<String> delegated = new ArrayList<>();
        List<String> console = new ArrayList<>();
        ChatUrls urls = secret -> secret.equals("team") ? Optional.of("https://hooks.slack.com/x") : Optional.empty();
        OutboxChatNotifier outbox = new OutboxChatNotifier(dir, urls, (c, m) -> delegated.add(c.name()),
                Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC), console::add);

        outbox.send(channel("team", ChatType.SLACK), failed());
        outbox.send(channel("ops", ChatType.DISCORD), failed());

        assertThat(Files.readString(dir.resolve("team/1796464800000-001-run-failed.json"))).contains("\"blocks\"");
        assertThat(Files.readString(dir.resolve("ops/1796464800000-002-run-failed.json"))).contains("\"embeds\"");
        assertThat(delegated).containsExactly("team");
        assertThat(console.get(0)).startsWith("Chat team (slack): orders-service: run-7 failed -> ").endsWith("(and sent)");
    }

    @Test
    void localUrls_shouldComeFromTheEnvironment_thenAFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("orders_slack"), "https://hooks.slack.com/file\n");
        ChatUrls urls = ChatUrls.local(new Env(Map.of("CHAT_WEBHOOK_TEAM_1", "https://env")), dir);

        assertThat(urls.url("team-1")).hasValue("https://env");
        assertThat(urls.url("orders/slack")).hasValue("https://hooks.slack.com/file");
        assertThat(urls.url("other")).isEmpty();
        assertThat(ChatUrls.secretsManager("serverless-cd/chat/", id -> id.equals("serverless-cd/chat/team") ? " https://x " : null)
                .url("team")).hasValue("https://x");
    }

    private static ChatChannel channel(String name, ChatType type) {
        return new ChatChannel(name, type, name, Set.of(ChatEvent.RUN_FAILED), false);
    }

    private static ChatMessage failed() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Commit", "6113728");
        fields.put("test", "FAIL");
        return new ChatMessage(ChatEvent.RUN_FAILED, "orders-service: run-7 failed", "2 of 16 tests failed", fields,
                "https://ci.example.com/runs/run-7", false);
    }
}
