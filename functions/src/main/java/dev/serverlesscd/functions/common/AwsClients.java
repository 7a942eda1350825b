package dev.serverlesscd.functions.common;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * AWS clients, each built once per container (the first time it is asked for) on the one light URL-connection HTTP
 * client. Region, credentials and endpoint come from the SDK's default chains, so {@code AWS_ENDPOINT_URL_DYNAMODB}
 * and {@code AWS_ENDPOINT_URL_SFN} point the same adapters at DynamoDB Local and the local Step Functions API.
 */
public final class AwsClients {
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder().build();
    private static final ConcurrentHashMap<Class<?>, Object> CLIENTS = new ConcurrentHashMap<>();

    private AwsClients() {
    }

    public static SdkHttpClient http() {
        return HTTP;
    }

    public static DynamoDbClient dynamoDb() {
        return once(DynamoDbClient.class, () -> DynamoDbClient.builder().httpClient(HTTP).build());
    }

    public static SfnClient stepFunctions() {
        return once(SfnClient.class, () -> SfnClient.builder().httpClient(HTTP).build());
    }

    public static S3Client s3() {
        return once(S3Client.class, () -> S3Client.builder().httpClient(HTTP).build());
    }

    public static SesV2Client ses() {
        return once(SesV2Client.class, () -> SesV2Client.builder().httpClient(HTTP).build());
    }

    public static SecretsManagerClient secretsManager() {
        return once(SecretsManagerClient.class, () -> SecretsManagerClient.builder().httpClient(HTTP).build());
    }

    public static CodeBuildClient codeBuild() {
        return once(CodeBuildClient.class, () -> CodeBuildClient.builder().httpClient(HTTP).build());
    }

    public static EcrClient ecr() {
        return once(EcrClient.class, () -> EcrClient.builder().httpClient(HTTP).build());
    }

    public static CloudWatchClient cloudWatch() {
        return once(CloudWatchClient.class, () -> CloudWatchClient.builder().httpClient(HTTP).build());
    }

    private static <T> T once(Class<T> type, Supplier<T> build) {
        return type.cast(CLIENTS.computeIfAbsent(type, ignored -> build.get()));
    }
}
