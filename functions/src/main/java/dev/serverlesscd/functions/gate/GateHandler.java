package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.JsonHandler;
import dev.serverlesscd.functions.reports.ReportSource;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.run.RunStore;
import java.time.Clock;

/** The {@code Gates} task: maps the request onto {@link GateService}. */
public final class GateHandler extends JsonHandler<GateRequest, GateResult> {
    private final GateService gate;

    /** Lambda's constructor: the DynamoDB store on {@code TABLE_NAME}, reports from {@code REPORTS_BUCKET} or {@code REPORTS_DIR}. */
    public GateHandler() {
        this(GateConfig.from(Env.system()));
    }

    private GateHandler(GateConfig config) {
        this(config.reportSource(), new DynamoDbRunStore(AwsClients.dynamoDb(), config.tableName()), Clock.systemUTC());
    }

    public GateHandler(ReportSource reports, RunStore store, Clock clock) {
        super(GateRequest.class);
        this.gate = new GateService(reports, store, clock);
    }

    @Override
    protected GateResult handle(GateRequest request) {
        return gate.judge(request);
    }
}
