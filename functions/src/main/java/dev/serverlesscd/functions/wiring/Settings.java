package dev.serverlesscd.functions.wiring;

import dev.serverlesscd.functions.approval.ApprovalConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The plain values the services run with: who the pipeline's mail comes from, how long an approval waits, who hears of
 * every run's outcome.
 */
public record Settings(String senderEmail, Duration approvalTimeout, List<String> notifyEmails) {

    public Settings {
        Objects.requireNonNull(senderEmail, "Settings: the sender email is not specified");
        Objects.requireNonNull(approvalTimeout, "Settings: the approval timeout is not specified");
        notifyEmails = notifyEmails == null ? List.of() : List.copyOf(notifyEmails);
    }

    /** The local runtime's: mail from {@code pipeline@localhost}, the approval timeout AWS uses, nobody notified. */
    public static Settings local() {
        return new Settings("pipeline@localhost", ApprovalConfig.DEFAULT_TIMEOUT, List.of());
    }
}
