package dev.serverlesscd.functions.deploy;

/**
 * The service's manifests cannot be applied as they are: not YAML, an object outside the allow-list, a namespace the
 * environment does not own, a workload the environment follows missing. The message names the file and the object.
 * Nothing was applied.
 */
public class ManifestRefusedException extends DeployException {
    public ManifestRefusedException(String message) {
        super("Deploy.ManifestsRefused", message);
    }
}
