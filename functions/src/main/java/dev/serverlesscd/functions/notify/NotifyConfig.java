package dev.serverlesscd.functions.notify;

import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.EnvironmentVariables;
import dev.serverlesscd.functions.lambda.NotifyHandler;
import java.util.Arrays;
import java.util.List;

/**
 * {@link NotifyHandler}'s configuration: {@code SENDER_EMAIL}, and {@code NOTIFY_EMAILS}, an optional
 * comma-separated list of addresses told about every run's outcome.
 */
public record NotifyConfig(String senderEmail, List<String> notifyEmails) {

    public NotifyConfig {
        notifyEmails = notifyEmails == null ? List.of() : List.copyOf(notifyEmails);
    }

    public static NotifyConfig from(Env env) {
        String sender = env.require(EnvironmentVariables.SENDER_EMAIL);
        List<String> emails = env.optional(EnvironmentVariables.NOTIFY_EMAILS)
                .map(list -> Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
        for (String email : emails) {
            if (!Notifier.isAddress(email)) {
                throw new IllegalStateException("Environment variable NOTIFY_EMAILS holds '" + email
                        + "', which is not an email address");
            }
        }
        return new NotifyConfig(sender, emails);
    }
}
