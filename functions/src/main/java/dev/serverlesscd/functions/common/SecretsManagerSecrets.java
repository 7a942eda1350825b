package dev.serverlesscd.functions.common;

/** Reads a secret's string from Secrets Manager; the wiring calls it once per container (cold start). */
public final class SecretsManagerSecrets {

    private SecretsManagerSecrets() {
    }

    public static String read(String secretId) {
        return AwsClients.secretsManager().getSecretValue(r -> r.secretId(secretId)).secretString();
    }
}
