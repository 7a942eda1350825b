package dev.serverlesscd.functions.lambda;

import dev.serverlesscd.functions.notify.Notifier;
import dev.serverlesscd.functions.notify.NotifyRequest;
import dev.serverlesscd.functions.notify.NotifyResult;
import dev.serverlesscd.functions.wiring.AwsPorts;
import dev.serverlesscd.functions.wiring.Ports;
import dev.serverlesscd.functions.wiring.Services;

/** The {@code Notify} task: mails the run's outcome through {@link Notifier}. */
public final class NotifyHandler extends JsonHandler<NotifyRequest, NotifyResult> {
    private final Notifier notifier;
    private final Priming priming;

    /** Lambda's constructor: the container's {@link AwsPorts}. */
    public NotifyHandler() {
        this(AwsPorts.container());
    }

    public NotifyHandler(Ports ports) {
        super(NotifyRequest.class);
        this.notifier = Services.notifier(ports);
        this.priming = Priming.register(this, () -> read("{}"));
    }

    @Override
    protected NotifyResult handle(NotifyRequest request) {
        return notifier.notify(request);
    }
}
