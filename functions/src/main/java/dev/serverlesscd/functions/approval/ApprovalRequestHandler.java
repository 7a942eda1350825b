package dev.serverlesscd.functions.approval;

import dev.serverlesscd.functions.callback.SfnTaskCallbacks;
import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.JsonHandler;
import dev.serverlesscd.functions.mail.Mailers;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.webhook.BranchSupersession;
import java.time.Clock;
import java.util.Objects;

/**
 * The {@code RequestApproval} task ({@code lambda:invoke.waitForTaskToken}): stores the approval and mails the
 * approvers through {@link ApprovalRequester}, and returns at once; the run waits for the decision. A run a newer
 * push superseded is answered at once instead ({@code SendTaskFailure}, {@code Approval.Superseded}).
 */
public final class ApprovalRequestHandler extends JsonHandler<ApprovalRequest, ApprovalRequested> {
    private final ApprovalRequester requester;
    private final Clock clock;

    /** Lambda's constructor: configuration from the environment, DynamoDB, SES (or the outbox, locally). */
    public ApprovalRequestHandler() {
        this(Env.system(), Clock.systemUTC());
    }

    private ApprovalRequestHandler(Env env, Clock clock) {
        this(requester(env, ApprovalConfig.from(env, SecretsManagerSecrets::read), clock), clock);
    }

    public ApprovalRequestHandler(ApprovalRequester requester, Clock clock) {
        super(ApprovalRequest.class);
        this.requester = Objects.requireNonNull(requester, "requester");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    protected ApprovalRequested handle(ApprovalRequest request) {
        return requester.request(request, clock.instant());
    }

    private static ApprovalRequester requester(Env env, ApprovalConfig config, Clock clock) {
        return new ApprovalRequester(
                new DynamoDbApprovalStore(AwsClients.dynamoDb(), config.tableName()),
                Mailers.from(env, clock),
                config.links(),
                config.senderEmail(),
                config.timeout(),
                BranchSupersession.onTable(AwsClients.dynamoDb(), config.tableName(),
                        new DynamoDbRunStore(AwsClients.dynamoDb(), config.tableName())),
                new SfnTaskCallbacks(AwsClients.stepFunctions()));
    }
}
