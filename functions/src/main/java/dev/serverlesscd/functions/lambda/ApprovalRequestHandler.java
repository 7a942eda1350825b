package dev.serverlesscd.functions.lambda;

import dev.serverlesscd.functions.approval.Approval;
import dev.serverlesscd.functions.approval.ApprovalRequest;
import dev.serverlesscd.functions.approval.ApprovalRequested;
import dev.serverlesscd.functions.approval.ApprovalRequester;
import dev.serverlesscd.functions.wiring.AwsPorts;
import dev.serverlesscd.functions.wiring.Ports;
import dev.serverlesscd.functions.wiring.Services;
import java.time.Clock;

/**
 * The {@code RequestApproval} task ({@code lambda:invoke.waitForTaskToken}): stores the approval and mails the
 * approvers through {@link ApprovalRequester}, and returns at once; the run waits for the decision. A run a newer
 * push superseded is answered at once instead ({@code SendTaskFailure}, {@code Approval.Superseded}).
 */
public final class ApprovalRequestHandler extends JsonHandler<ApprovalRequest, ApprovalRequested> {
    private final ApprovalRequester requester;
    private final Clock clock;
    private final Priming priming;

    /** Lambda's constructor: the container's {@link AwsPorts}. */
    public ApprovalRequestHandler() {
        this(AwsPorts.container());
    }

    public ApprovalRequestHandler(Ports ports) {
        super(ApprovalRequest.class);
        this.requester = Services.approvalRequester(ports);
        this.clock = ports.clock();
        this.priming = Priming.register(this, () -> {
            read("{}");
            ports.approvals().find(Priming.NEVER_AN_ID);
        });
    }

    @Override
    protected ApprovalRequested handle(ApprovalRequest request) {
        return requester.request(request, clock.instant());
    }
}
