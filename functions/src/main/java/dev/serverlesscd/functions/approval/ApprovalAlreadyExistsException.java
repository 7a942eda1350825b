package dev.serverlesscd.functions.approval;

/** An approval with this id (derived from its task token) is already stored: the request was sent before. */
public class ApprovalAlreadyExistsException extends RuntimeException {

    public ApprovalAlreadyExistsException(String approvalId) {
        super("Approval " + approvalId + " is already recorded");
    }
}
