package dev.serverlesscd.functions.approval;

/** No approval is stored under this id. */
public class ApprovalNotFoundException extends RuntimeException {

    public ApprovalNotFoundException(String approvalId) {
        super("No approval " + approvalId + " is recorded");
    }
}
