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
 * A GitHub delivery made from a template of samples/events for a given commit, signed as GitHub signs it
 * ({@code X-Hub-Signature-256}), and sent over HTTP to the webhook: a push of a branch or a tag
 * (push-main.json), or a pull request opened or updated (pull-request-opened.json).
 */
public final class SignedPush {
    private final String event;
    private final byte[] body;
    private final String deliveryId;
    private final String signature;

    private SignedPush(String event, byte[] body, String deliveryId, String signature) {
        this.event = event;
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
            return signed("push", event, secret);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample push event " + template, e);
        }
    }

    /**
     * A push of the new tag {@code tag} naming {@code commit} (a lightweight tag), as GitHub sends it: {@code created},
     * {@code before} all zeros, {@code base_ref} the branch the commit is on, no commits listed (a new tag lists none)
     * and the tagged commit as {@code head_commit}.
     */
    public static SignedPush tag(Path template, String tag, String commit, String baseBranch, String secret) {
        try {
            ObjectNode event = (ObjectNode) Json.MAPPER.readTree(template.toFile());
            event.put("ref", "refs/tags/" + tag);
            event.put("before", "0".repeat(40));
            event.put("after", commit);
            event.put("created", true);
            event.put("base_ref", "refs/heads/" + baseBranch);
            event.put("compare", "https://github.com/" + event.path("repository").path("full_name").asText() + "/compare/" + tag);
            event.putArray("commits");
            if (event.path("head_commit").isObject()) {
                ((ObjectNode) event.path("head_commit")).put("id", commit);
            }
            return signed("push", event, secret);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample push event " + template, e);
        }
    }

    /**
     * The pull request of samples/events/pull-request-opened.json from {@code headBranch} at {@code commit} into
     * {@code baseBranch} at {@code baseCommit}: {@code opened} when {@code before} is null, else {@code synchronize}
     * (the branch moved from {@code before} to {@code commit}), as GitHub sends each.
     */
    public static SignedPush pullRequest(Path template, String headBranch, String commit, String baseBranch,
                                         String baseCommit, String before, String secret) {
        try {
            ObjectNode event = (ObjectNode) Json.MAPPER.readTree(template.toFile());
            event.put("action", before == null ? "opened" : "synchronize");
            if (before != null) {
                event.put("before", before);
                event.put("after", commit);
            }
            ObjectNode pullRequest = (ObjectNode) event.path("pull_request");
            ObjectNode head = (ObjectNode) pullRequest.path("head");
            String owner = head.path("user").path("login").asText("acme");
            head.put("ref", headBranch).put("sha", commit).put("label", owner + ":" + headBranch);
            ObjectNode base = (ObjectNode) pullRequest.path("base");
            base.put("ref", baseBranch).put("sha", baseCommit).put("label", owner + ":" + baseBranch);
            return signed("pull_request", event, secret);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("cannot read the sample pull request event " + template + ": " + e.getMessage(), e);
        }
    }

    private static SignedPush signed(String eventName, ObjectNode event, String secret) throws IOException {
        byte[] body = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(event);
        return new SignedPush(eventName, body, UUID.randomUUID().toString(),
                SignatureVerifier.sign(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    public String deliveryId() {
        return deliveryId;
    }

    /** The event's name, as the {@code X-GitHub-Event} header says it: {@code push} or {@code pull_request}. */
    public String event() {
        return event;
    }

    /** The signed body, byte for byte. */
    byte[] body() {
        return body.clone();
    }

    /** Posts the delivery; answers the HTTP status and body. */
    public HttpResponse<String> post(URI webhook) {
        return post(webhook, HttpClient.newHttpClient());
    }

    /** Posts the delivery with this client (one client for many deliveries: one selector thread, not one each). */
    public HttpResponse<String> post(URI webhook, HttpClient client) {
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitHub-Hookshot/local")
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", deliveryId)
                .header("X-GitHub-Hook-ID", "292430182")
                .header(SignatureVerifier.HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("the webhook at " + webhook + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting the " + event + " event", e);
        }
    }
}
