package dev.serverlesscd.infra;

import static dev.serverlesscd.infra.Nag.suppression;

import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStageOptions;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The HTTP API: POST /webhook for GitHub, GET and POST /approvals for the approval pages, on a throttled
 * {@code $default} stage with access logs. It exists before the functions behind it (ApprovalRequest mails links
 * to its URL), so {@link #serve} adds the routes once those functions exist.
 */
final class PipelineApi extends Construct {

    /**
     * @param apiName      the API's name (the stack's)
     * @param rateLimit    requests per second, steady
     * @param burstLimit   requests in a burst
     * @param logRetention retention of the access logs
     */
    record Props(String apiName, int rateLimit, int burstLimit, RetentionDays logRetention) {
    }

    /** Where this construct builds its resources: see docs/architecture.md, "The CDK app". */
    private final Stack stack;
    private final HttpApi api;

    PipelineApi(Construct scope, String id, Props props) {
        super(scope, id);
        this.stack = Stack.of(this);
        api = HttpApi.Builder.create(stack, "Api")
                .apiName(props.apiName())
                .description("GitHub webhook and approval pages")
                .createDefaultStage(false)
                .build();
        LogGroup accessLogs = LogGroups.retained(stack, "ApiAccessLogs", props.logRetention());
        api.addStage("DefaultStage", HttpStageOptions.builder()
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(props.rateLimit())
                        .burstLimit(props.burstLimit())
                        .build())
                .accessLogSettings(accessLogSettings(accessLogs))
                .build());
    }

    HttpApi httpApi() {
        return api;
    }

    /** The payload URL of the GitHub webhook. */
    String webhookUrl() {
        return api.getApiEndpoint() + "/webhook";
    }

    /** The base URL of the approval pages, which the mailed links point to. */
    String approvalsUrl() {
        return api.getApiEndpoint() + "/approvals";
    }

    /** Routes the webhook and the approval pages to their functions (their live aliases). */
    void serve(IFunction webhook, IFunction approval) {
        api.addRoutes(AddRoutesOptions.builder()
                .path("/webhook")
                .methods(List.of(HttpMethod.POST))
                .integration(new HttpLambdaIntegration("WebhookIntegration", webhook))
                .build());
        api.addRoutes(AddRoutesOptions.builder()
                .path("/approvals")
                .methods(List.of(HttpMethod.GET, HttpMethod.POST))
                .integration(new HttpLambdaIntegration("ApprovalIntegration", approval))
                .build());
        NagSuppressions.addResourceSuppressions(api, List.of(suppression("AwsSolutions-APIG4",
                "Callers cannot hold AWS credentials: GitHub authenticates each webhook delivery with an "
                        + "HMAC-SHA256 signature (X-Hub-Signature-256) that WebhookHandler verifies before "
                        + "parsing, and approvers authenticate with a personal, signed, expiring, single-use link that "
                        + "ApprovalHandler verifies. Throttling limits the rest.")), true);
    }

    private static IAccessLogSettings accessLogSettings(LogGroup accessLogs) {
        return new IAccessLogSettings() {
            @Override
            public IAccessLogDestination getDestination() {
                return new LogGroupLogDestination(accessLogs);
            }

            @Override
            public AccessLogFormat getFormat() {
                return AccessLogFormat.custom("{\"requestId\":\"$context.requestId\","
                        + "\"ip\":\"$context.identity.sourceIp\",\"time\":\"$context.requestTime\","
                        + "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
                        + "\"latency\":\"$context.responseLatency\","
                        + "\"integrationError\":\"$context.integrationErrorMessage\","
                        + "\"error\":\"$context.error.message\"}");
            }
        };
    }
}
