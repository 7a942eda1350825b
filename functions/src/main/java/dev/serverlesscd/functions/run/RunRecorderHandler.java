package dev.serverlesscd.functions.run;

import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.JsonHandler;
import java.time.Clock;

/** The {@code RecordStart} and {@code RecordOutcome} tasks: maps the request onto {@link RunRecorder}. */
public final class RunRecorderHandler extends JsonHandler<RunRecorderRequest, RunRecorderResult> {
    private final RunRecorder recorder;

    /** Lambda's constructor: the DynamoDB store and baselines on {@code TABLE_NAME}, the system clock. */
    public RunRecorderHandler() {
        this(RunRecorderConfig.from(Env.system()).tableName(), AwsClients.dynamoDb());
    }

    private RunRecorderHandler(String tableName, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo) {
        this(new DynamoDbRunStore(dynamo, tableName), Clock.systemUTC(),
                new dev.serverlesscd.functions.gate.DynamoDbBaselines(dynamo, tableName));
    }

    public RunRecorderHandler(RunStore store, Clock clock) {
        this(store, clock, dev.serverlesscd.functions.gate.Baselines.NONE);
    }

    /** {@code baselines}: promoted when a run SUCCEEDS (see {@link RunRecorder#finish}). */
    public RunRecorderHandler(RunStore store, Clock clock, dev.serverlesscd.functions.gate.Baselines baselines) {
        super(RunRecorderRequest.class);
        this.recorder = new RunRecorder(store, clock, baselines);
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
