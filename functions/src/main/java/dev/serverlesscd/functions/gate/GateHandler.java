package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.JsonHandler;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.config.Tier;
import dev.serverlesscd.functions.github.StageStatuses;
import dev.serverlesscd.functions.reports.ReportSource;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.run.RunStore;
import java.time.Clock;
import java.util.Map;

/** The {@code Gates} task: maps the request onto {@link GateService}. */
public final class GateHandler extends JsonHandler<GateRequest, GateResult> {
    private final GateService gate;

    /**
     * Lambda's constructor: the DynamoDB store on {@code TABLE_NAME}, reports from {@code REPORTS_BUCKET} or
     * {@code REPORTS_DIR}, the tiers of the pipeline configuration ({@link PipelineConfigLoader#fromEnv}), commit
     * statuses as {@link StageStatuses#fromEnv} configures them.
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

    private GateHandler(GateConfig config, PipelineConfig pipeline, StageStatuses statuses,
            software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo) {
        this(config.reportSource(), new DynamoDbRunStore(dynamo, config.tableName()), Clock.systemUTC(),
                pipeline.tiers(), new DynamoDbBaselines(dynamo, config.tableName()), config.imageInspector(), statuses);
    }

    /** {@code tiers}: the pipeline configuration's ({@link PipelineConfig#tiers()}). No baselines, no registry. */
    public GateHandler(ReportSource reports, RunStore store, Clock clock, Map<String, Tier> tiers) {
        this(reports, store, clock, tiers, Baselines.NONE, ImageInspector.LOCAL);
    }

    /** With the baselines to compare with (and to propose to) and the registry that knows the built image. */
    public GateHandler(ReportSource reports, RunStore store, Clock clock, Map<String, Tier> tiers,
            Baselines baselines, ImageInspector images) {
        this(reports, store, clock, tiers, baselines, images,
                StageStatuses.off("no GitHub statuses configured for the gate"));
    }

    /** {@code statuses}: where each stage's verdict is posted as a commit status. */
    public GateHandler(ReportSource reports, RunStore store, Clock clock, Map<String, Tier> tiers,
            StageStatuses statuses) {
        this(reports, store, clock, tiers, Baselines.NONE, ImageInspector.LOCAL, statuses);
    }

    /** Everything: baselines, the registry that knows the built image, and where verdicts are posted. */
    public GateHandler(ReportSource reports, RunStore store, Clock clock, Map<String, Tier> tiers,
            Baselines baselines, ImageInspector images, StageStatuses statuses) {
        super(GateRequest.class);
        this.gate = new GateService(reports, store, clock, tiers, GateService.defaultJudges(), baselines, images, statuses);
    }

    @Override
    protected GateResult handle(GateRequest request) {
        return gate.judge(request);
    }
}
