package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.JsonHandler;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.github.StageStatuses;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The {@code Gates} task: maps the request onto {@link GateService}. */
public final class GateHandler extends JsonHandler<GateRequest, GateResult> {
    private final GateService gate;

    /**
     * Lambda's constructor: the DynamoDB store on {@code TABLE_NAME}; reports from {@code REPORTS_BUCKET} (with the
     * check builds' CodeBuild report groups and the built image in ECR) or {@code REPORTS_DIR}; the tiers of the
     * pipeline configuration ({@link PipelineConfigLoader#fromEnv}); commit statuses as
     * {@link StageStatuses#fromEnv} configures them.
     */
    public GateHandler() {
        this(Env.system());
    }

    private GateHandler(Env env) {
        this(GateConfig.from(env), PipelineConfigLoader.fromEnv(env), StageStatuses.fromEnv(env));
    }

    private GateHandler(GateConfig config, PipelineConfig pipeline, StageStatuses statuses) {
        this(config, pipeline, statuses, AwsClients.dynamoDb());
    }

    private GateHandler(GateConfig config, PipelineConfig pipeline, StageStatuses statuses, DynamoDbClient dynamo) {
        this(GateService.builder(config.reportSource(), new DynamoDbRunStore(dynamo, config.tableName()),
                        Clock.systemUTC(), pipeline.tiers())
                .baselines(new DynamoDbBaselines(dynamo, config.tableName()))
                .images(config.imageInspector())
                .reportGroups(config.reportGroups())
                .statuses(statuses)
                .build());
    }

    /** The handler of a gate built elsewhere (tests, the local runtime): {@link GateService#builder}. */
    public GateHandler(GateService gate) {
        super(GateRequest.class);
        this.gate = gate;
    }

    @Override
    protected GateResult handle(GateRequest request) {
        return gate.judge(request);
    }
}
