package dev.serverlesscd.functions.approval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.mail.Mail;
import dev.serverlesscd.functions.mail.MailDeliveryException;
import dev.serverlesscd.functions.mail.Mailer;
import dev.serverlesscd.functions.run.Supersession;
import dev.serverlesscd.functions.workflow.TaskCallbacks;
import dev.serverlesscd.functions.workflow.TaskTokenRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shared test fixtures for approvals: the request of the contract, a signing key, recording ports. */
final class ApprovalFixtures {
    static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    static final Duration TIMEOUT = Duration.ofDays(3);
    static final byte[] KEY = "0123456789abcdef0123456789abcdef-test-key".getBytes(StandardCharsets.UTF_8);
    static final String BASE_URL = "https://ci.example.com/approvals";
    static final String SENDER = "pipeline@example.com";
    /** A requester on {@code store} mailing through {@code mailer}, whose runs are never superseded. */
    static ApprovalRequester requester(ApprovalStore store, Mailer mailer) {
        return builder(store, mailer).build();
    }

    /** The fixtures' requester, to add to. */
    static ApprovalRequester.Builder builder(ApprovalStore store, Mailer mailer) {
        return ApprovalRequester.builder()
                .store(store)
                .mailer(mailer)
                .links(links())
                .sender(SENDER)
                .timeout(TIMEOUT)
                .supersession(Supersession.NONE)
                .callbacks(NO_CALLBACKS);
    }

    /** For requesters whose runs are never superseded: a callback would be a bug. */
    static final TaskCallbacks NO_CALLBACKS = new TaskCallbacks() {
        @Override
        public void succeed(String taskToken, com.fasterxml.jackson.databind.JsonNode output) {
            throw new IllegalStateException("no task callbacks configured");
        }

        @Override
        public void fail(String taskToken, String error, String cause) {
            throw new IllegalStateException("no task callbacks configured");
        }

        @Override
        public void heartbeat(String taskToken) {
            throw new IllegalStateException("no task callbacks configured");
        }
    };
    private static final Pattern LINK = Pattern.compile("https://ci\\.example\\.com/approvals\\?\\S+");

    private ApprovalFixtures() {
    }

    /** The contract's example request, with a fresh task token so each test has its own approval. */
    static ApprovalRequest request() {
        try (InputStream in = ApprovalFixtures.class.getResourceAsStream("/approval/request-approval.json")) {
            ApprovalRequest request = Json.MAPPER.readValue(in, ApprovalRequest.class);
            return withToken(request, "token-" + UUID.randomUUID());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ApprovalRequest withToken(ApprovalRequest r, String token) {
        return new ApprovalRequest(token, r.runId(), r.repository(), r.commit(), r.author(), r.contributors(), r.version(),
                r.environment(), r.image(), r.gate());
    }

    static ApprovalRequest withApprovals(ApprovalRequest r, int required, String... approvers) {
        EnvironmentTarget e = r.environment();
        return new ApprovalRequest(r.taskToken(), r.runId(), r.repository(), r.commit(), r.author(), r.contributors(), r.version(),
                new EnvironmentTarget(e.name(), e.namespace(), e.deployment(), e.container(), e.healthPath(), required,
                        List.of(approvers)),
                r.image(), r.gate());
    }

    static ApprovalLinks links() {
        return new ApprovalLinks(BASE_URL, new LinkSigner(KEY));
    }

    /** The link in a mail, split into its query parameters (decoded). */
    static Map<String, String> linkParameters(Mail mail) {
        Matcher matcher = LINK.matcher(mail.text());
        if (!matcher.find()) {
            throw new AssertionError("no approval link in mail to " + mail.to());
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : URI.create(matcher.group()).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            parameters.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return parameters;
    }

    static String link(Mail mail) {
        Matcher matcher = LINK.matcher(mail.text());
        return matcher.find() ? matcher.group() : null;
    }

    /** A mailer that keeps what it was given, and fails for the addresses it is told to. */
    static final class RecordingMailer implements Mailer {
        final List<Mail> sent = Collections.synchronizedList(new ArrayList<>());
        final Set<String> failFor = new HashSet<>();

        @Override
        public void send(Mail mail) {
            if (mail.to().stream().anyMatch(failFor::contains)) {
                throw new MailDeliveryException("SES did not accept the mail to " + mail.to() + ": MessageRejected", null);
            }
            sent.add(mail);
        }

        Mail to(String address) {
            return sent.stream().filter(m -> m.to().contains(address)).findFirst()
                    .orElseThrow(() -> new AssertionError("no mail to " + address + " in " + sent));
        }
    }

    /** Task callbacks that record each answer; {@link #gone} makes Step Functions refuse the token. */
    static final class RecordingCallbacks implements TaskCallbacks {
        record Call(String kind, String token, String detail) {
        }

        final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        volatile TaskTokenRejectedException.Reason gone;

        @Override
        public void succeed(String taskToken, JsonNode output) {
            record("succeed", taskToken, output.toString());
        }

        @Override
        public void fail(String taskToken, String error, String cause) {
            record("fail", taskToken, error + ": " + cause);
        }

        @Override
        public void heartbeat(String taskToken) {
            record("heartbeat", taskToken, null);
        }

        private void record(String kind, String token, String detail) {
            if (gone != null) {
                throw new TaskTokenRejectedException(gone, "Task Timed Out", null);
            }
            calls.add(new Call(kind, token, detail));
        }

        List<Call> answers() {
            return calls.stream().filter(c -> !c.kind().equals("heartbeat")).toList();
        }
    }
}
