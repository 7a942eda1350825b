package dev.serverlesscd.functions.mail;

import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import java.nio.file.Path;
import java.time.Clock;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Picks the mailer from the environment: {@code MAIL_OUTBOX_DIR} set (local runs) gives an {@link OutboxMailer}
 * printing links to standard output; otherwise SES, with a client built once.
 */
public final class Mailers {

    private Mailers() {
    }

    public static Mailer from(Env env, Clock clock) {
        return env.optional("MAIL_OUTBOX_DIR")
                .<Mailer>map(dir -> new OutboxMailer(Path.of(dir), clock, line -> System.out.println("[outbox] " + line)))
                .orElseGet(() -> new SesMailer(SesV2Client.builder().httpClient(AwsClients.http()).build()));
    }
}
