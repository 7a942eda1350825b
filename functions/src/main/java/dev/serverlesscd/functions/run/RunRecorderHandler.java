package dev.serverlesscd.functions.run;

import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.JsonHandler;
import dev.serverlesscd.functions.github.StageStatuses;
import java.time.Clock;

/** The {@code RecordStart} and {@code RecordOutcome} tasks: maps the request onto {@link RunRecorder}. */
public final class RunRecorderHandler extends JsonHandler<RunRecorderRequest, RunRecorderResult> {
    private final RunRecorder recorder;

    /**
     * Lambda's constructor: the DynamoDB store on {@code TABLE_NAME}, the system clock, commit statuses as
     * {@link StageStatuses#fromEnv} configures them.
     */
    public RunRecorderHandler() {
        this(Env.system());
    }

    private RunRecorderHandler(Env env) {
        this(new DynamoDbRunStore(AwsClients.dynamoDb(), RunRecorderConfig.from(env).tableName()), Clock.systemUTC(),
                StageStatuses.fromEnv(env));
    }

    public RunRecorderHandler(RunStore store, Clock clock) {
        super(RunRecorderRequest.class);
        this.recorder = new RunRecorder(store, clock);
    }

    /** {@code statuses}: where the run's start and end are posted as commit statuses. */
    public RunRecorderHandler(RunStore store, Clock clock, StageStatuses statuses) {
        super(RunRecorderRequest.class);
        this.recorder = new RunRecorder(store, clock, statuses);
    }

    @Override
    protected RunRecorderResult handle(RunRecorderRequest request) {
        if (request == null || request.action() == null) {
            throw new IllegalArgumentException("RunRecorder needs 'action': start or finish");
        }
        return switch (request.action()) {
            case "start" -> recorder.start(request.run(), request.executionArn());
            case "finish" -> recorder.finish(
                    request.runId(), request.status(), request.error(), request.cause(), request.summary());
            default -> throw new IllegalArgumentException(
                    "RunRecorder 'action' must be start or finish, was '" + request.action() + "'");
        };
    }
}
