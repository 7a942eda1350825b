package dev.serverlesscd.functions.mail;

import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.EnvironmentVariables;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the mailer from the environment: {@code MAIL_OUTBOX_DIR} set (local runs) gives an {@link OutboxMailer}
 * logging the links; otherwise SES, with a client built once.
 */
public final class Mailers {
    private static final Logger LOG = LoggerFactory.getLogger(Mailers.class);

    private Mailers() {
    }

    public static Mailer from(Env env, Clock clock) {
        return env.optional(EnvironmentVariables.MAIL_OUTBOX_DIR)
                .<Mailer>map(dir -> new OutboxMailer(Path.of(dir), clock, line -> LOG.info("[outbox] {}", line)))
                .orElseGet(() -> new SesMailer(AwsClients.ses()));
    }
}
