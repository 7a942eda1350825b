package dev.serverlesscd.functions.run;

import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.JsonHandler;
import dev.serverlesscd.functions.deploy.DynamoDbEnvironmentLocks;
import dev.serverlesscd.functions.gate.Baselines;
import dev.serverlesscd.functions.gate.DynamoDbBaselines;
import dev.serverlesscd.functions.github.StageStatuses;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The {@code RecordStart} and {@code RecordOutcome} tasks: maps the request onto {@link RunRecorder}. */
public final class RunRecorderHandler extends JsonHandler<RunRecorderRequest, RunRecorderResult> {
    private final RunRecorder recorder;

    /**
     * Lambda's constructor: the DynamoDB store, baselines and environment locks on {@code TABLE_NAME}, the system clock, commit
     * statuses as {@link StageStatuses#fromEnv} configures them.
     */
    public RunRecorderHandler() {
        this(Env.system(), AwsClients.dynamoDb());
    }

    private RunRecorderHandler(Env env, DynamoDbClient dynamo) {
        this(new DynamoDbRunStore(dynamo, RunRecorderConfig.from(env).tableName()), Clock.systemUTC(),
                StageStatuses.fromEnv(env), new DynamoDbBaselines(dynamo, RunRecorderConfig.from(env).tableName()),
                new DynamoDbEnvironmentLocks(dynamo, RunRecorderConfig.from(env).tableName()));
    }

    public RunRecorderHandler(RunStore store, Clock clock) {
        this(new RunRecorder(store, clock));
    }

    /** {@code baselines}: promoted when a run SUCCEEDS (see {@link RunRecorder#finish}). */
    public RunRecorderHandler(RunStore store, Clock clock, Baselines baselines) {
        this(new RunRecorder(store, clock, baselines));
    }

    /** {@code statuses}: where the run's start and end are posted as commit statuses. */
    public RunRecorderHandler(RunStore store, Clock clock, StageStatuses statuses) {
        this(new RunRecorder(store, clock, statuses));
    }

    public RunRecorderHandler(RunStore store, Clock clock, StageStatuses statuses, Baselines baselines) {
        this(new RunRecorder(store, clock, statuses, baselines));
    }

    /** {@code locks}: the environment locks a finishing run still holds are released. */
    public RunRecorderHandler(RunStore store, Clock clock, StageStatuses statuses, Baselines baselines, RunLocks locks) {
        this(new RunRecorder(store, clock, statuses, baselines, locks));
    }

    private RunRecorderHandler(RunRecorder recorder) {
        super(RunRecorderRequest.class);
        this.recorder = recorder;
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
