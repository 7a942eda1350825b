package dev.serverlesscd.functions.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.serverlesscd.functions.approval.ApprovalSupersession;
import dev.serverlesscd.functions.approval.DynamoDbApprovalStore;
import dev.serverlesscd.functions.callback.SfnTaskCallbacks;
import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.start.SfnExecutionStarter;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code POST /webhook} behind API Gateway's HTTP API (payload format 2.0): maps the event to
 * {@link WebhookService} and back. The no-argument constructor (Lambda's) builds the clients and reads the pipeline
 * configuration once per container; a bad configuration fails the cold start with every problem listed.
 */
public final class WebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final WebhookService service;

    public WebhookHandler() {
        this(Env.system());
    }

    private WebhookHandler(Env env) {
        this(fromEnvironment(WebhookConfig.fromEnv(env), PipelineConfigLoader.fromEnv(env)));
    }

    public WebhookHandler(WebhookService service) {
        this.service = service;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return service.handle(event);
    }

    private static WebhookService fromEnvironment(WebhookConfig config, PipelineConfig pipeline) {
        Clock clock = Clock.systemUTC();
        WebhookSecret secret;
        if (config.secretArn() != null) {
            secret = new SecretsManagerWebhookSecret(
                    SecretsManagerClient.builder().httpClient(AwsClients.http()).build(),
                    config.secretArn(), clock, config.secretTtl(), Duration.ofSeconds(30));
        } else if (config.secretValue() != null) {
            secret = new StaticWebhookSecret(config.secretValue());
        } else {
            secret = StaticWebhookSecret.fromFile(config.secretFile());
        }
        return WebhookService.onTable(AwsClients.dynamoDb(), config.tableName(),
                new SfnExecutionStarter(AwsClients.stepFunctions(), config.stateMachineArn()),
                new ApprovalSupersession(new DynamoDbApprovalStore(AwsClients.dynamoDb(), config.tableName()),
                        new SfnTaskCallbacks(AwsClients.stepFunctions())),
                secret, pipeline, clock);
    }
}
