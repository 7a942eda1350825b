package dev.serverlesscd.functions.deploy;

/**
 * {@code Deploy.Superseded}: a newer push to the run's branch superseded it before it changed this environment, so it
 * does not deploy (and does not roll back an environment it never changed). The message names the newer run.
 */
public class RunSupersededException extends DeployException {
    public RunSupersededException(String message) {
        super("Deploy.Superseded", message);
    }
}
