package dev.serverlesscd.functions.coldstart;

import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The minimal handler of the cold-start benchmark, run in a fresh JVM by {@link ColdStartBenchmark}: builds a
 * {@link DynamoDbClient} the way {@code common.AwsClients} does (URL-connection HTTP client; region, credentials and
 * endpoint from the environment) and makes one consistent {@code GetItem} on {@code TABLE_NAME}, then prints the
 * {@link Probes} line. It uses the SDK and the JDK only, so it runs with the SDK's classes alone on the classpath.
 */
public final class MinimalProbe {
    private MinimalProbe() {
    }

    public static void main(String[] args) {
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.builder().build()).build();
        long constructed = System.currentTimeMillis();
        GetItemResponse item = dynamo.getItem(r -> r.tableName(System.getenv("TABLE_NAME")).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("RUN#minimal"), "sk", AttributeValue.fromS("RUN"))));
        long handled = System.currentTimeMillis();
        Probes.report(constructed, handled, "GetItem hasItem=" + item.hasItem());
    }
}
