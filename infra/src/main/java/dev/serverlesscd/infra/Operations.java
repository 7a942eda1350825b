package dev.serverlesscd.infra;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * What an operator watches: alarms (to the alarm topic) on failed runs and rollbacks, waits that timed out, API
 * 5xx, every function's errors and throttles and failed asynchronous invocations; and one dashboard of runs, the
 * API, the functions and the alarms.
 */
final class Operations extends Construct {

    /**
     * @param dashboardName         the dashboard's name (the stack's)
     * @param alarmTopic            where every alarm goes
     * @param pipeline              the pipeline state machine
     * @param pipelineExecutionLogs its execution log, where timed-out waits show up
     * @param rollback              the manual rollback state machine
     * @param api                   the HTTP API
     * @param functions             every function, in the order the dashboard and the alarms list them
     * @param asyncFailures         the queue of failed asynchronous invocations
     */
    record Props(String dashboardName, Topic alarmTopic, StateMachine pipeline, LogGroup pipelineExecutionLogs,
                 StateMachine rollback, HttpApi api, List<JavaFunction> functions, Queue asyncFailures) {
    }

    private static final Duration FIVE_MINUTES = Duration.minutes(5);

    /** Where this construct builds its resources: see docs/architecture.md, "The CDK app". */
    private final Stack stack;
    private final Props props;
    private final List<IAlarm> alarms = new ArrayList<>();

    Operations(Construct scope, String id, Props props) {
        super(scope, id);
        this.stack = Stack.of(this);
        this.props = props;
        alarms();
        dashboard();
    }

    // ---------------------------------------------------------------- alarms

    private void alarms() {
        StateMachine pipeline = props.pipeline();
        alarm("RunsFailed", "A run failed: red gate, rejected or timed-out approval, rollback, or a broken step. The "
                        + "execution's error names which",
                pipeline.metricFailed(sum(FIVE_MINUTES)));

        // A wait that times out (approval heartbeat or timeout, a build or rollout that never ended) shows up as
        // TaskTimedOut or ExecutionTimedOut in the execution log, which is at level ALL.
        MetricFilter waitsTimedOut = MetricFilter.Builder.create(stack, "WaitsTimedOutFilter")
                .logGroup(props.pipelineExecutionLogs())
                .filterPattern(FilterPattern.any(
                        FilterPattern.stringValue("$.type", "=", "TaskTimedOut"),
                        FilterPattern.stringValue("$.type", "=", "ExecutionTimedOut")))
                .metricNamespace("ServerlessCd")
                .metricName("WaitsTimedOut")
                .metricValue("1")
                .build();
        alarm("ExecutionsStuckWaiting", "A run waited past its timeout (approval nobody answered, a build or rollout "
                + "that never finished)", waitsTimedOut.metric(sum(FIVE_MINUTES)));

        alarm("Webhook5xx", "The webhook API answered 5xx: GitHub will redeliver, but look at the Webhook logs",
                props.api().metricServerError(sum(FIVE_MINUTES)));

        props.functions().forEach(function -> {
            String name = function.name();
            alarm(name + "Errors", name + " function errors", function.function().metricErrors(sum(FIVE_MINUTES)));
            alarm(name + "Throttles", name + " function throttles",
                    function.function().metricThrottles(sum(FIVE_MINUTES)));
        });

        alarm("AsyncFailures", "An asynchronous invocation failed every retry: see the AsyncFailures queue",
                props.asyncFailures().metricApproximateNumberOfMessagesVisible(
                        MetricOptions.builder().period(FIVE_MINUTES).statistic("Maximum").build()));
        alarm("RollbacksFailed", "A manual rollback was refused or failed: the execution's error names why (the "
                + "environment may still run what it was to be rolled back from)",
                props.rollback().metricFailed(sum(FIVE_MINUTES)));
    }

    private void alarm(String id, String description, IMetric metric) {
        Alarm alarm = Alarm.Builder.create(stack, id + "Alarm")
                .alarmDescription(description)
                .metric(metric)
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(props.alarmTopic()));
        alarms.add(alarm);
    }

    private static MetricOptions sum(Duration period) {
        return MetricOptions.builder().period(period).statistic("Sum").build();
    }

    // ---------------------------------------------------------------- dashboard

    private void dashboard() {
        StateMachine pipeline = props.pipeline();
        HttpApi api = props.api();
        MetricOptions sum = MetricOptions.builder().statistic("Sum").period(FIVE_MINUTES).build();
        Dashboard dashboard = Dashboard.Builder.create(stack, "Dashboard")
                .dashboardName(props.dashboardName())
                .build();
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Runs").width(12).left(List.of(
                        pipeline.metricStarted(sum), pipeline.metricSucceeded(sum), pipeline.metricFailed(sum),
                        pipeline.metricTimedOut(sum), pipeline.metricAborted(sum))).build(),
                GraphWidget.Builder.create().title("Run duration (p50, p90)").width(12).left(List.of(
                        pipeline.metricTime(MetricOptions.builder().statistic("p50").build()),
                        pipeline.metricTime(MetricOptions.builder().statistic("p90").build()))).build());
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("API requests and errors").width(12).left(List.of(
                        api.metricCount(sum), api.metricClientError(sum), api.metricServerError(sum))).build(),
                GraphWidget.Builder.create().title("API latency (p90)").width(12).left(List.of(
                        api.metricLatency(MetricOptions.builder().statistic("p90").build()))).build());
        List<IMetric> errors = new ArrayList<>();
        List<IMetric> durations = new ArrayList<>();
        props.functions().forEach(function -> {
            errors.add(function.function().metricErrors(
                    MetricOptions.builder().statistic("Sum").label(function.name()).build()));
            durations.add(function.function().metricDuration(
                    MetricOptions.builder().statistic("p90").label(function.name()).build()));
        });
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Function errors").width(12).left(errors).build(),
                GraphWidget.Builder.create().title("Function duration (p90)").width(12).left(durations).build());
        dashboard.addWidgets(AlarmStatusWidget.Builder.create().title("Alarms").width(24).alarms(alarms).build());
    }
}
