package dev.serverlesscd.functions.deploy;

/** The RecordDeployment answer: what was recorded, for which Deployment, at what time. */
public record RecordResult(String environment, String namespace, String deployment, String image, String status,
                           String recordedAt) {
}
