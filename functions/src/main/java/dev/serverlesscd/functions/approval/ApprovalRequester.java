package dev.serverlesscd.functions.approval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.mail.Mail;
import dev.serverlesscd.functions.mail.MailDeliveryException;
import dev.serverlesscd.functions.mail.Mailer;
import dev.serverlesscd.functions.run.Supersession;
import dev.serverlesscd.functions.workflow.TaskCallbacks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens an approval for a waiting run: stores it with its task token (server-side only), then mails each approver
 * their personal signed link and the evidence. Returns at once; the run waits for {@link ApprovalService#decide}.
 *
 * <p>Idempotent per task token: the approval id is derived from the token, so a retried invocation finds the approval
 * it stored and mails only the approvers not mailed yet. The commit's author is not mailed (they cannot approve).
 * One failed mail does not fail the request while enough approvers were reached for a quorum.
 *
 * <p>A run a newer push to its branch superseded is not put before anyone: the approval is stored and ended
 * SUPERSEDED at once, nobody is mailed, and the task fails with {@code Approval.Superseded}. The question is asked
 * after the approval is stored, so a newer push either sees the approval (and ends it, {@link PendingApprovals}) or
 * is seen here.
 */
public final class ApprovalRequester {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApprovalRequester.class);
    private final ApprovalStore store;
    private final ApprovalAnnouncer announcer;
    private final Mailer mailer;
    private final ApprovalLinks links;
    private final String sender;
    private final Duration timeout;
    private final Supersession supersession;
    private final ApprovalSupersession ending;

    private ApprovalRequester(Builder builder) {
        this.store = Objects.requireNonNull(builder.store, "ApprovalRequester: the approval store is not specified");
        this.mailer = Objects.requireNonNull(builder.mailer, "ApprovalRequester: the mailer is not specified");
        this.links = Objects.requireNonNull(builder.links, "ApprovalRequester: the approval links are not specified");
        this.sender = Objects.requireNonNull(builder.sender, "ApprovalRequester: the sender email is not specified");
        this.timeout = Objects.requireNonNull(builder.timeout, "ApprovalRequester: the timeout is not specified");
        this.supersession = Objects.requireNonNull(builder.supersession,
                "ApprovalRequester: the supersession is not specified (Supersession.NONE if no run is ever superseded)");
        this.announcer = builder.announcer == null ? ApprovalAnnouncer.NONE : builder.announcer;
        this.ending = new ApprovalSupersession(store, Objects.requireNonNull(builder.callbacks,
                "ApprovalRequester: the task callbacks are not specified"));
    }

    /**
     * A requester; every part is required. The supersession says whether a newer push superseded the run; the
     * callbacks fail a superseded run's task with {@code Approval.Superseded}.
     */
    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private ApprovalStore store;
        private Mailer mailer;
        private ApprovalLinks links;
        private String sender;
        private Duration timeout;
        private Supersession supersession;
        private TaskCallbacks callbacks;
        private ApprovalAnnouncer announcer;

        private Builder() {
        }

        public Builder store(ApprovalStore store) {
            this.store = store;
            return this;
        }

        public Builder mailer(Mailer mailer) {
            this.mailer = mailer;
            return this;
        }

        public Builder links(ApprovalLinks links) {
            this.links = links;
            return this;
        }

        /** The address the approval mails come from. */
        public Builder sender(String sender) {
            this.sender = sender;
            return this;
        }

        /** How long the approval waits (the state machine's TimeoutSeconds). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder supersession(Supersession supersession) {
            this.supersession = supersession;
            return this;
        }

        public Builder callbacks(TaskCallbacks callbacks) {
            this.callbacks = callbacks;
            return this;
        }

        /** Optional: who else hears that an approval waits (chat); {@link ApprovalAnnouncer#NONE} when not set. */
        public Builder announcer(ApprovalAnnouncer announcer) {
            this.announcer = announcer;
            return this;
        }

        public ApprovalRequester build() {
            return new ApprovalRequester(this);
        }
    }

    public ApprovalRequested request(ApprovalRequest request, Instant now) {
        EnvironmentTarget environment = validate(request);
        String approvalId = approvalIdFor(request.taskToken());
        Approval approval = new Approval(approvalId, request.runId(), request.repository(), request.commit(),
                request.author(), request.contributors(), request.version(), environment, request.image(), request.gate(),
                ApprovalStatus.PENDING, now, now.plus(timeout), List.of(), null, null, null, null);
        try {
            store.create(approval, request.taskToken());
        } catch (ApprovalAlreadyExistsException retried) {
            approval = store.find(approvalId).orElseThrow(() -> new ApprovalNotFoundException(approvalId));
        }
        List<String> notified = new ArrayList<>(approval.notified());
        boolean firstAsking = notified.isEmpty(); // a retry that finds approvers mailed announced it before
        if (approval.status() == ApprovalStatus.SUPERSEDED) {
            ending.end(approvalId, approval.endReason(), now); // a retry: answers the task if the first attempt did not
        }
        if (approval.status() != ApprovalStatus.PENDING) {
            return new ApprovalRequested(approvalId, notified.stream().sorted().toList(), approval.deadline());
        }
        Optional<Supersession.Superseded> superseded = supersession.supersededBy(request.runId());
        if (superseded.isPresent()) {
            ending.end(approvalId, superseded.get().cause(), now);
            return new ApprovalRequested(approvalId, notified.stream().sorted().toList(), approval.deadline());
        }
        Map<String, String> failures = new LinkedHashMap<>();
        for (String approver : eligible(environment, request)) {
            if (notified.contains(approver)) {
                continue;
            }
            try {
                mailer.send(mailFor(approval, approver));
                store.markNotified(approvalId, approver);
                notified.add(approver);
            } catch (MailDeliveryException | IllegalArgumentException e) {
                failures.put(approver, e.getMessage());
            }
        }
        if (notified.size() < environment.requiredApprovals()) {
            throw new MailDeliveryException("Approval " + approvalId + " for " + environment.name()
                    + " cannot reach its quorum: " + notified.size() + " of " + environment.requiredApprovals()
                    + " required approvers were mailed; failed: " + failures, null);
        }
        List<String> asked = notified.stream().sorted().toList();
        if (firstAsking) {
            try {
                announcer.waiting(approval, asked);
            } catch (RuntimeException e) {
                LOG.warn("Approval {} waits, but announcing it failed (the approval stands): {}", approvalId, e.toString());
            }
        }
        return new ApprovalRequested(approvalId, asked, approval.deadline());
    }

    /** The approval id for a task token: {@code apr-} and the first 128 bits of its SHA-256, so the token is not revealed. */
    public static String approvalIdFor(String taskToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(taskToken.getBytes(StandardCharsets.UTF_8));
            return "apr-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static EnvironmentTarget validate(ApprovalRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("RequestApproval needs a request");
        }
        requireText(request.taskToken(), "taskToken");
        requireText(request.runId(), "runId");
        EnvironmentTarget environment = request.environment();
        if (environment == null || environment.name() == null || environment.name().isBlank()) {
            throw new IllegalArgumentException("RequestApproval needs 'environment' with its 'name'");
        }
        if (environment.requiredApprovals() < 1) {
            throw new IllegalArgumentException("Environment " + environment.name()
                    + " requires no approval (requiredApprovals is " + environment.requiredApprovals() + ")");
        }
        List<String> approvers = new ArrayList<>();
        for (String approver : environment.approvers()) {
            if (!Approvers.isAddress(approver == null ? null : approver.strip())) {
                throw new IllegalArgumentException("Approver '" + approver + "' of environment " + environment.name()
                        + " is not an email address");
            }
            String normalized = Approvers.normalize(approver);
            if (!approvers.contains(normalized)) {
                approvers.add(normalized);
            }
        }
        EnvironmentTarget normalized = new EnvironmentTarget(environment.name(), environment.namespace(),
                environment.deployment(), environment.container(), environment.healthPath(),
                environment.requiredApprovals(), approvers, environment.bake(), environment.manifests());
        List<String> eligible = eligible(normalized, request);
        if (eligible.size() < environment.requiredApprovals()) {
            throw new IllegalArgumentException("Environment " + environment.name() + " needs "
                    + environment.requiredApprovals() + " approvals but has " + eligible.size()
                    + " eligible approver(s) " + eligible
                    + (eligible.size() < approvers.size() ? " (who brought the change cannot approve it: "
                    + Approvers.excluded(request.author(), request.contributors()) + ")" : ""));
        }
        return normalized;
    }

    private static List<String> eligible(EnvironmentTarget environment, ApprovalRequest request) {
        return environment.approvers().stream()
                .filter(a -> Approvers.exclusion(a, request.author(), request.contributors()).isEmpty())
                .toList();
    }

    private Mail mailFor(Approval approval, String approver) {
        EnvironmentTarget environment = approval.environment();
        String link = links.linkFor(approval.approvalId(), approver, approval.deadline());
        String subject = "[" + orDash(approval.repository()) + "] Approve " + orDash(approval.version()) + " for "
                + environment.name() + "?";
        StringBuilder text = new StringBuilder()
                .append("Run ").append(approval.runId()).append(" waits for your approval to deploy to ")
                .append(environment.name()).append(".\n\n");
        evidence(approval).forEach((label, value) ->
                text.append(String.format("%-15s %s%n", label + ":", value)));
        JsonNode gate = approval.gate();
        appendList(text, "Gate reasons", gate == null ? null : gate.get("reasons"));
        appendList(text, "Gate warnings", gate == null ? null : gate.get("warnings"));
        text.append("\nApprovals needed: ").append(environment.requiredApprovals()).append(" of ")
                .append(String.join(", ", environment.approvers())).append("; one reject stops the run.\n\n")
                .append("Review the evidence and decide here. This link is yours alone, decides once, and expires at ")
                .append(approval.deadline()).append(":\n  ").append(link).append('\n');
        return Mail.text(sender, approver, subject, text.toString());
    }

    /** The evidence shown in mail and on the approval page, label to value, in reading order. */
    static Map<String, String> evidence(Approval approval) {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("Repository", orDash(approval.repository()));
        evidence.put("Commit", orDash(approval.commit()));
        evidence.put("Author", orDash(approval.author()));
        String excluded = Approvers.excluded(approval.author(), approval.contributors());
        evidence.put("Cannot approve", excluded.equals("-") ? excluded
                : excluded + ". Who pushed or authored the change does not approve it");
        evidence.put("Version", orDash(approval.version()));
        EnvironmentTarget environment = approval.environment();
        evidence.put("Environment", environment.name()
                + (environment.namespace() == null ? "" : " (namespace " + environment.namespace() + ")"));
        evidence.put("Image", approval.image() == null ? "-" : orDash(approval.image().imageUri()));
        evidence.put("Image digest", approval.image() == null ? "-" : orDash(approval.image().digest()));
        JsonNode verdict = approval.gate() == null ? null : approval.gate().get("verdict");
        evidence.put("Gate verdict", verdict == null || verdict.isNull() ? "-" : verdict.asText());
        return evidence;
    }

    private static void appendList(StringBuilder text, String label, JsonNode items) {
        text.append(String.format("%-15s ", label + ":"));
        if (items == null || !items.isArray() || items.isEmpty()) {
            text.append("none\n");
            return;
        }
        text.append('\n');
        items.forEach(item -> text.append("  - ").append(item.asText()).append('\n'));
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("RequestApproval needs '" + field + "'");
        }
    }
}
