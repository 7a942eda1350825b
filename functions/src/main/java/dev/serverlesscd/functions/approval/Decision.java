package dev.serverlesscd.functions.approval;

/** What an approver decides. */
public enum Decision {
    APPROVE,
    REJECT
}
