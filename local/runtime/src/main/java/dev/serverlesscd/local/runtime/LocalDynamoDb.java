package dev.serverlesscd.local.runtime;

import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.PipelineTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local served over HTTP on 127.0.0.1, so the pipeline's DynamoDB adapters run unchanged with an
 * endpoint override. With a folder it keeps its data there between runs ({@code pipeline runs} reads what
 * the demo wrote); without one it lives in memory.
 */
public final class LocalDynamoDb implements AutoCloseable {
    public static final String TABLE_NAME = "pipeline";
    private static final Region REGION = Region.US_EAST_1;

    private final DynamoDBProxyServer server;
    private final URI endpoint;
    private final DynamoDbClient client;

    private LocalDynamoDb(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
        this.client = DynamoDbClient.builder()
                .httpClient(AwsClients.http())
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .build();
        PipelineTable.create(client, TABLE_NAME);
    }

    /** Starts DynamoDB Local; {@code dataDirectory} null means in memory. */
    public static LocalDynamoDb start(Path dataDirectory) {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-sharedDb", "-disableTelemetry"));
        if (dataDirectory == null) {
            args.add("-inMemory");
        } else {
            try {
                Files.createDirectories(dataDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the DynamoDB Local folder " + dataDirectory, e);
            }
            args.add("-dbPath");
            args.add(dataDirectory.toString());
        }
        try {
            // ServerRunner.createServerFromCommandLineArgs prints a configuration banner to System.out, which would
            // land in the output of `pipeline runs list` and the like; createServer is the same without the banner.
            CommandLineInput input = new CommandLineInput(args.toArray(String[]::new));
            if (!input.init()) {
                throw new IllegalArgumentException("DynamoDB Local refused its arguments " + args);
            }
            DynamoDBProxyServer server = ServerRunner.createServer(input);
            server.start();
            return new LocalDynamoDb(server, URI.create("http://127.0.0.1:" + port));
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** The credentials every local client signs with (DynamoDB Local and the local Step Functions API accept any). */
    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    public static Region region() {
        return REGION;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    public DynamoDbClient client() {
        return client;
    }

    public URI endpoint() {
        return endpoint;
    }

    public String tableName() {
        return TABLE_NAME;
    }

    @Override
    public void close() {
        client.close();
        try {
            server.stop();
        } catch (Exception e) {
            // stopping a local server: nothing left to do
        }
    }
}
