package dev.serverlesscd.functions.deploy;

/** The request is missing a field or has one that cannot be right; the message names the field. */
public class InvalidDeployRequestException extends DeployException {
    public InvalidDeployRequestException(String message) {
        super("Deploy.InvalidRequest", message);
    }
}
