package dev.serverlesscd.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.webhook.SignatureVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * A GitHub push delivery made from samples/events/push-main.json for a given commit (and branch), signed as GitHub signs it
 * ({@code X-Hub-Signature-256}), and sent over HTTP to the webhook.
 */
public final class SignedPush {
    private final byte[] body;
    private final String deliveryId;
    private final String signature;

    private SignedPush(byte[] body, String deliveryId, String signature) {
        this.body = body;
        this.deliveryId = deliveryId;
        this.signature = signature;
    }

    public static SignedPush of(Path template, String commit, String secret) {
        return of(template, commit, secret, null);
    }

    /** The same, pushed to {@code branch} ({@code refs/heads/<branch>}); null keeps the template's ref. */
    public static SignedPush of(Path template, String commit, String secret, String branch) {
        return of(template, commit, secret, branch, null);
    }

    /**
     * The same, from {@code before}: the branch's head before this commit (the commit's parent on it; all zeros for
     * a new branch). The webhook ignores a push whose before is an earlier head as stale, so successive pushes to a
     * branch must each start from the one before. Null keeps the template's before.
     */
    public static SignedPush of(Path template, String commit, String secret, String branch, String before) {
        try {
            ObjectNode event = (ObjectNode) Json.MAPPER.readTree(template.toFile());
            if (branch != null) {
                event.put("ref", "refs/heads/" + branch);
            }
            event.put("after", commit);
            if (before != null) {
                event.put("before", before);
            }
            for (JsonNode c : event.path("commits")) {
                ((ObjectNode) c).put("id", commit);
            }
            if (event.path("head_commit").isObject()) {
                ((ObjectNode) event.path("head_commit")).put("id", commit);
            }
            byte[] body = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(event);
            return new SignedPush(body, UUID.randomUUID().toString(),
                    SignatureVerifier.sign(secret.getBytes(StandardCharsets.UTF_8), body));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample push event " + template, e);
        }
    }

    public String deliveryId() {
        return deliveryId;
    }

    /** Posts the delivery; answers the HTTP status and body. */
    public HttpResponse<String> post(URI webhook) {
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitHub-Hookshot/local")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", deliveryId)
                .header("X-GitHub-Hook-ID", "292430182")
                .header(SignatureVerifier.HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("the webhook at " + webhook + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting the push event", e);
        }
    }
}
