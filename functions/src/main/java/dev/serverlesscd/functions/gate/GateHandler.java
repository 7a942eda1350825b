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
        this(config.reportSource(), new DynamoDbRunStore(AwsClients.dynamoDb(), config.tableName()), Clock.systemUTC(),
                pipeline.tiers(), statuses);
    }

    /** {@code tiers}: the pipeline configuration's ({@link PipelineConfig#tiers()}). */
    public GateHandler(ReportSource reports, RunStore store, Clock clock, Map<String, Tier> tiers) {
        super(GateRequest.class);
        this.gate = new GateService(reports, store, clock, tiers);
    }

    /** {@code statuses}: where each stage's verdict is posted as a commit status. */
    public GateHandler(ReportSource reports, RunStore store, Clock clock, Map<String, Tier> tiers,
            StageStatuses statuses) {
        super(GateRequest.class);
        this.gate = new GateService(reports, store, clock, tiers, statuses);
    }

    @Override
    protected GateResult handle(GateRequest request) {
        return gate.judge(request);
    }
}
