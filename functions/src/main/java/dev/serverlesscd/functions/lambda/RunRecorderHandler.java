package dev.serverlesscd.functions.lambda;

import dev.serverlesscd.functions.run.RunRecorder;
import dev.serverlesscd.functions.run.RunRecorderRequest;
import dev.serverlesscd.functions.run.RunRecorderResult;
import dev.serverlesscd.functions.wiring.AwsPorts;
import dev.serverlesscd.functions.wiring.Ports;
import dev.serverlesscd.functions.wiring.Services;

/** The {@code RecordStart} and {@code RecordOutcome} tasks: maps the request onto {@link RunRecorder}. */
public final class RunRecorderHandler extends JsonHandler<RunRecorderRequest, RunRecorderResult> {
    private final RunRecorder recorder;
    private final Priming priming;

    /** Lambda's constructor: the container's {@link AwsPorts}. */
    public RunRecorderHandler() {
        this(AwsPorts.container());
    }

    public RunRecorderHandler(Ports ports) {
        super(RunRecorderRequest.class);
        this.recorder = Services.runRecorder(ports);
        this.priming = Priming.register(this, () -> {
            read("{}");
            ports.runs().find(Priming.NEVER_AN_ID);
        });
    }

    @Override
    protected RunRecorderResult handle(RunRecorderRequest request) {
        if (request == null || request.action() == null) {
            throw new IllegalArgumentException("RunRecorder needs 'action': start or finish");
        }
        return switch (request.action()) {
            case "start" -> recorder.start(request.run(), request.executionArn(), request.stages());
            case "finish" -> recorder.finish(
                    request.runId(), request.status(), request.error(), request.cause(), request.summary());
            default -> throw new IllegalArgumentException(
                    "RunRecorder 'action' must be start or finish, was '" + request.action() + "'");
        };
    }
}
