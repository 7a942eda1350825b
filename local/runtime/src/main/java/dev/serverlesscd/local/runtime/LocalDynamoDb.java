package dev.serverlesscd.local.runtime;

import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.server.AbstractLocalDynamoDBServerHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.PipelineTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
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

    /** The one address DynamoDB Local listens on. */
    static final String LOOPBACK = "127.0.0.1";

    private final Server server;
    private final AbstractLocalDynamoDBServerHandler handler;
    private final URI endpoint;
    private final DynamoDbClient client;

    private LocalDynamoDb(Server server, AbstractLocalDynamoDBServerHandler handler, URI endpoint) {
        this.server = server;
        this.handler = handler;
        this.endpoint = endpoint;
        this.client = DynamoDbClient.builder()
                .httpClient(AwsClients.http())
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .build();
        PipelineTable.create(client, TABLE_NAME);
    }

    /**
     * Starts DynamoDB Local on 127.0.0.1 and a free port; {@code dataDirectory} null means in memory.
     *
     * <p>DynamoDB Local's own server ({@code DynamoDBProxyServer}, {@code ServerRunner}) listens on every interface and
     * has no option to bind one, and it holds the task tokens and pending approvals: its request handler is served here
     * on a Jetty connector of our own, bound to the loopback address (which also takes the port without a race).
     */
    public static LocalDynamoDb start(Path dataDirectory) {
        List<String> args = new ArrayList<>(List.of("-sharedDb", "-disableTelemetry"));
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
        Server server = null;
        try {
            // ServerRunner's own start prints a configuration banner to System.out, which would land in the output of
            // `pipeline runs list` and the like; the handler is built from the same parsed arguments, without it. (No
            // -port: the port is the connector's below, and CommandLineInput refuses 0.)
            CommandLineInput input = new CommandLineInput(args.toArray(String[]::new));
            if (!input.init()) {
                throw new IllegalArgumentException("DynamoDB Local refused its arguments " + args);
            }
            AbstractLocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(new LocalDynamoDBRequestHandler(0,
                    input.isInMemory(), input.getDbPath(), input.getSharedDb(), input.shouldDelayTransientStatuses()),
                    input.getCorsParams());
            server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost(LOOPBACK);
            connector.setPort(0);
            server.addConnector(connector);
            ContextHandler context = new ContextHandler();
            context.setHandler(handler);
            server.setHandler(new ContextHandlerCollection(context));
            server.start();
            return new LocalDynamoDb(server, handler, URI.create("http://" + LOOPBACK + ":" + connector.getLocalPort()));
        } catch (Exception e) {
            if (server != null) {
                try {
                    server.stop();
                } catch (Exception stopping) {
                    e.addSuppressed(stopping);
                }
            }
            throw new IllegalStateException("DynamoDB Local did not start on " + LOOPBACK + ": " + e.getMessage(), e);
        }
    }

    /** The credentials every local client signs with (DynamoDB Local and the local Step Functions API accept any). */
    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    public static Region region() {
        return REGION;
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
        handler.close();
    }
}
