package dev.serverlesscd.asl.api;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.net.URI;
import java.time.Duration;

/** An SDK v2 client for the local endpoint, as an application would build one. */
final class SfnTestSupport {
    static final String ROLE = "arn:aws:iam::123456789012:role/service-role/StepFunctions-test-role";

    private SfnTestSupport() {
    }

    static SfnClient client(int port) {
        return SfnClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "local-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Polls DescribeExecution until the execution has left RUNNING (or 10 s pass). */
    static DescribeExecutionResponse awaitEnd(SfnClient sfn, String executionArn) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(executionArn));
            if (d.status() != ExecutionStatus.RUNNING || System.nanoTime() > deadline) {
                return d;
            }
            Thread.sleep(10);
        }
    }

    /** Polls DescribeExecution until a history event of this type appears (or 10 s pass). */
    static void awaitEvent(SfnClient sfn, String executionArn, String type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            boolean seen = sfn.getExecutionHistory(b -> b.executionArn(executionArn).maxResults(1000)).events().stream()
                    .anyMatch(e -> e.typeAsString().equals(type));
            if (seen) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + type + " event in " + executionArn);
    }
}
