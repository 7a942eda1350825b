package dev.serverlesscd.functions.notify;

import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.JsonHandler;
import dev.serverlesscd.functions.mail.Mailers;
import java.time.Clock;
import java.util.Objects;

/** The {@code Notify} task: mails the run's outcome through {@link Notifier}. */
public final class NotifyHandler extends JsonHandler<NotifyRequest, NotifyResult> {
    private final Notifier notifier;

    /** Lambda's constructor: configuration from the environment, SES (or the outbox when {@code MAIL_OUTBOX_DIR} is set). */
    public NotifyHandler() {
        this(new Notifier(Mailers.from(Env.system(), Clock.systemUTC()), NotifyConfig.from(Env.system())));
    }

    public NotifyHandler(Notifier notifier) {
        super(NotifyRequest.class);
        this.notifier = Objects.requireNonNull(notifier, "notifier");
    }

    @Override
    protected NotifyResult handle(NotifyRequest request) {
        return notifier.notify(request);
    }
}
