package dev.serverlesscd.functions.lambda;

import dev.serverlesscd.functions.gate.GateRequest;
import dev.serverlesscd.functions.gate.GateResult;
import dev.serverlesscd.functions.gate.GateService;
import dev.serverlesscd.functions.wiring.AwsPorts;
import dev.serverlesscd.functions.wiring.Ports;
import dev.serverlesscd.functions.wiring.Services;

/** The {@code Gates} task: maps the request onto {@link GateService}. */
public final class GateHandler extends JsonHandler<GateRequest, GateResult> {
    private final GateService gate;
    private final Priming priming;

    /** Lambda's constructor: the container's {@link AwsPorts}. */
    public GateHandler() {
        this(AwsPorts.container());
    }

    public GateHandler(Ports ports) {
        super(GateRequest.class);
        this.gate = Services.gate(ports);
        this.priming = Priming.register(this, () -> {
            read("{}");
            ports.runs().find(Priming.NEVER_AN_ID);
        });
    }

    @Override
    protected GateResult handle(GateRequest request) {
        return gate.judge(request);
    }
}
