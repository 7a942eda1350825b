package dev.serverlesscd.functions.lambda;

import dev.serverlesscd.functions.bake.BakeCheck;
import dev.serverlesscd.functions.bake.BakeProgress;
import dev.serverlesscd.functions.bake.BakeService;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.wiring.AwsPorts;
import dev.serverlesscd.functions.wiring.Ports;
import dev.serverlesscd.functions.wiring.Services;

/**
 * The CheckBake task (docs/architecture.md, "Environments"): one check of an environment's bake period, from the
 * progress the previous check returned (none for the first).
 */
public final class BakeCheckHandler extends JsonHandler<BakeCheckHandler.Request, BakeCheck> {

    public record Request(EnvironmentTarget environment, BakeProgress progress) {
    }

    private final BakeService service;
    private final Priming priming;

    /** Lambda's constructor: the container's {@link AwsPorts}. */
    public BakeCheckHandler() {
        this(AwsPorts.container());
    }

    public BakeCheckHandler(Ports ports) {
        super(Request.class);
        this.service = Services.bake(ports);
        this.priming = Priming.register(this, () -> read("{\"progress\": {\"checks\": 0}}"));
    }

    @Override
    protected BakeCheck handle(Request request) {
        return service.check(request.environment(), request.progress());
    }
}
