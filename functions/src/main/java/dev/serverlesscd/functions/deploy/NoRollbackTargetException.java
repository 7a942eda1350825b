package dev.serverlesscd.functions.deploy;

/** A rollback was asked for, but neither the history nor the failed deploy knows a good image to go back to. */
public class NoRollbackTargetException extends DeployException {
    public NoRollbackTargetException(String message) {
        super("Deploy.NoRollbackTarget", message);
    }
}
