package dev.serverlesscd.functions.approval;

import dev.serverlesscd.functions.common.AwsClients;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Reads a secret's string from Secrets Manager; the handlers call it once per container (cold start). */
final class SecretsManagerSecrets {

    private SecretsManagerSecrets() {
    }

    static String read(String secretId) {
        try (SecretsManagerClient secrets = SecretsManagerClient.builder().httpClient(AwsClients.http()).build()) {
            return secrets.getSecretValue(r -> r.secretId(secretId)).secretString();
        }
    }
}
