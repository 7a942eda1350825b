package dev.serverlesscd.functions.common;

import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * AWS clients, built once per container with the light URL connection HTTP client. Region, credentials and
 * endpoint come from the SDK's default chains, so {@code AWS_ENDPOINT_URL_DYNAMODB} and
 * {@code AWS_ENDPOINT_URL_SFN} point the same adapters at DynamoDB Local and the local Step Functions API.
 */
public final class AwsClients {
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder().build();

    private AwsClients() {
    }

    public static SdkHttpClient http() {
        return HTTP;
    }

    public static DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder().httpClient(HTTP).build();
    }

    public static SfnClient stepFunctions() {
        return SfnClient.builder().httpClient(HTTP).build();
    }
}
