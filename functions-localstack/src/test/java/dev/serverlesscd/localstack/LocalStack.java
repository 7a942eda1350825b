package dev.serverlesscd.localstack;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One LocalStack container for the test JVM, started by the first test class that asks (Testcontainers' Ryuk
 * removes it when the JVM ends). The image is pinned: {@code localstack/localstack} images after 4.14.0 do not
 * start without a LocalStack auth token.
 *
 * <p>The adapters under test are the functions' own, built by {@code AwsClients} from the SDK's default chains,
 * exactly as in a Lambda: this class points those chains at the container with the SDK's system properties
 * ({@code aws.endpointUrl}, {@code aws.region}, {@code aws.accessKeyId}, {@code aws.secretAccessKey}), before
 * any client is built. The endpoint is the container's IP address rather than a host name, so S3 addresses
 * buckets by path as the SDK does for an IP endpoint.
 */
public final class LocalStack {
    public static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.14.0");

    private static LocalStackContainer container;

    private LocalStack() {
    }

    /** The running container: started now if no test class started it before. */
    public static synchronized LocalStackContainer start() {
        if (container == null) {
            LocalStackContainer started = new LocalStackContainer(IMAGE);
            started.start();
            System.setProperty("aws.endpointUrl", endpoint(started).toString());
            System.setProperty("aws.region", started.getRegion());
            System.setProperty("aws.accessKeyId", started.getAccessKey());
            System.setProperty("aws.secretAccessKey", started.getSecretKey());
            container = started;
        }
        return container;
    }

    /** The edge endpoint, {@code http://<ip>:<port>}: every service on one port. */
    public static URI endpoint() {
        return endpoint(start());
    }

    private static URI endpoint(LocalStackContainer localStack) {
        try {
            String ip = InetAddress.getByName(localStack.getHost()).getHostAddress();
            return new URI("http", null, ip, localStack.getMappedPort(4566), null, null, null);
        } catch (UnknownHostException | URISyntaxException e) {
            throw new IllegalStateException("cannot address LocalStack at " + localStack.getHost(), e);
        }
    }
}
