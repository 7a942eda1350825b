package dev.serverlesscd.infra;

import static dev.serverlesscd.functions.common.EnvironmentVariables.APPROVAL_BASE_URL;
import static dev.serverlesscd.functions.common.EnvironmentVariables.GITHUB_WEBHOOK_SECRET_ARN;
import static dev.serverlesscd.functions.common.EnvironmentVariables.LINK_SIGNING_KEY_SECRET_ARN;
import static dev.serverlesscd.functions.common.EnvironmentVariables.PIPELINE_CONFIG;
import static dev.serverlesscd.functions.common.EnvironmentVariables.SENDER_EMAIL;
import static dev.serverlesscd.functions.common.EnvironmentVariables.STATE_MACHINE_ARN;
import static dev.serverlesscd.functions.common.EnvironmentVariables.TABLE_NAME;
import static dev.serverlesscd.infra.FunctionRoles.TABLE_READ_WRITE;
import static dev.serverlesscd.infra.FunctionRoles.allowSecret;
import static dev.serverlesscd.infra.FunctionRoles.allowTable;

import dev.serverlesscd.functions.lambda.ApprovalHandler;
import dev.serverlesscd.functions.lambda.WebhookHandler;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * The functions behind the API: Webhook (starts runs on the pipeline state machine, ends superseded approvals)
 * and Approval (the approval pages, which answer the pipeline's approval task). Both refer to the pipeline, so
 * they come after it.
 */
final class ApiFunctions extends Construct {

    /**
     * @param storage            the table and the two secrets they read
     * @param pipeline           the pipeline state machine they start and answer
     * @param pipelineConfigYaml the pipeline configuration the webhook loads
     * @param senderEmail        the SES sender (ApprovalConfig is one record for both approval functions)
     * @param approvalBaseUrl    the approval pages' base URL
     * @param code               the functions jar
     * @param logRetention       retention of the functions' log groups
     */
    record Props(Storage storage, StateMachine pipeline, String pipelineConfigYaml, String senderEmail,
                 String approvalBaseUrl, Code code, RetentionDays logRetention) {
    }

    /** Where this construct builds its resources: see docs/architecture.md, "The CDK app". */
    private final Stack stack;
    private final Props props;
    private final JavaFunction webhook;
    private final JavaFunction approval;

    ApiFunctions(Construct scope, String id, Props props) {
        super(scope, id);
        this.stack = Stack.of(this);
        this.props = props;
        webhook = webhookFunction();
        approval = approvalFunction();
    }

    JavaFunction webhook() {
        return webhook;
    }

    JavaFunction approval() {
        return approval;
    }

    List<JavaFunction> all() {
        return List.of(webhook, approval);
    }

    // ---------------------------------------------------------------- factories

    /** GitHub waits 10 s for an answer: the function has 9. */
    private JavaFunction webhookFunction() {
        StateMachine pipeline = props.pipeline();
        IRole role = FunctionRoles.create(stack, "Webhook", "Webhook function");
        allowTable(role, props.storage().table(), TABLE_READ_WRITE);
        allowSecret(role, props.storage().webhookSecret());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("StartRun")
                .actions(List.of("states:StartExecution"))
                .resources(List.of(pipeline.getStateMachineArn()))
                .build());
        // A newer push ends the older runs' pending approvals (Approval.Superseded).
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("EndSupersededApprovals")
                .actions(List.of("states:SendTaskFailure"))
                .resources(List.of(pipeline.getStateMachineArn()))
                .build());
        return function("Webhook", WebhookHandler.class, Duration.seconds(9), role, Map.of(
                TABLE_NAME, props.storage().table().getTableName(),
                STATE_MACHINE_ARN, pipeline.getStateMachineArn(),
                GITHUB_WEBHOOK_SECRET_ARN, props.storage().webhookSecret().getSecretArn(),
                PIPELINE_CONFIG, props.pipelineConfigYaml()));
    }

    private JavaFunction approvalFunction() {
        IRole role = FunctionRoles.create(stack, "Approval", "Approval function");
        allowTable(role, props.storage().table(), TABLE_READ_WRITE);
        allowSecret(role, props.storage().linkSigningKey());
        // Task tokens are authorized against the state machine that issued them (as grantTaskResponse does).
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("AnswerApprovalTask")
                .actions(List.of("states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"))
                .resources(List.of(props.pipeline().getStateMachineArn()))
                .build());
        return function("Approval", ApprovalHandler.class, Duration.seconds(10), role, Map.of(
                TABLE_NAME, props.storage().table().getTableName(),
                LINK_SIGNING_KEY_SECRET_ARN, props.storage().linkSigningKey().getSecretArn(),
                APPROVAL_BASE_URL, props.approvalBaseUrl(),
                // ApprovalConfig is one record for both approval functions; the page sends no mail itself.
                SENDER_EMAIL, props.senderEmail()));
    }

    private JavaFunction function(String id, Class<?> handler, Duration timeout, IRole role,
                                  Map<String, String> environment) {
        return new JavaFunction(this, id, new JavaFunction.Props(handler, 1024, timeout, role, environment,
                props.code(), props.logRetention()));
    }
}
