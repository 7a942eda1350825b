package dev.serverlesscd.functions.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 adapter with the real SDK client against a small S3-speaking HTTP server in the test (ListObjectsV2 and
 * GetObject, path style): what is asserted is which keys are asked for and how they map to report paths.
 */
@Tag("unit")
class S3ReportSourceTest {
    private final Map<String, String> objects = new TreeMap<>();
    private HttpServer server;
    private S3Client s3;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::serve);
        server.start();
        s3 = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    @AfterEach
    void stop() {
        s3.close();
        server.stop(0);
    }

    @Test
    void fetch_shouldReadEveryObjectUnderTheStagePrefix() {
        // GIVEN the test stage's artifacts of run r-1 and, next to them, another stage's and another run's
        objects.put("runs/r-1/test/jacoco.xml", "<report/>");
        objects.put("runs/r-1/test/junit/TEST-A.xml", "<testsuite/>");
        objects.put("runs/r-1/scan/secrets.sarif", "{}");
        objects.put("runs/r-10/test/jacoco.xml", "<report/>");

        // WHEN
        StageReports reports = new S3ReportSource(s3, "reports-bucket").fetch("r-1", "test");

        // THEN
        assertThat(reports.location()).isEqualTo("s3://reports-bucket/runs/r-1/test/");
        assertThat(reports.files()).extracting(ReportFile::path).containsExactly("jacoco.xml", "junit/TEST-A.xml");
        assertThat(reports.files().get(1).text()).isEqualTo("<testsuite/>");
    }

    @Test
    void fetch_shouldBeEmpty_whenNothingIsUnderThePrefix() {
        assertThat(new S3ReportSource(s3, "reports-bucket").fetch("r-2", "lint").isEmpty()).isTrue();
    }

    @Test
    void fetch_shouldSayWhereItFailed_whenS3Refuses() {
        // GIVEN a bucket that does not exist
        ReportSource source = new S3ReportSource(s3, "missing-bucket");

        assertThatThrownBy(() -> source.fetch("r-1", "test"))
                .isInstanceOf(ReportSourceException.class)
                .hasMessageStartingWith("cannot read s3://missing-bucket/runs/r-1/test/:");
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
        String bucket = path.substring(1).split("/", 2)[0];
        if (!bucket.equals("reports-bucket")) {
            respond(exchange, 404, "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>");
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null && query.contains("list-type=2")) {
            String prefix = "";
            for (String pair : query.split("&")) {
                if (pair.startsWith("prefix=")) {
                    prefix = URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
                }
            }
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>reports-bucket</Name>"
                    + "<Prefix>" + prefix + "</Prefix><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>");
            for (Map.Entry<String, String> object : objects.entrySet()) {
                if (object.getKey().startsWith(prefix)) {
                    xml.append("<Contents><Key>").append(object.getKey()).append("</Key><Size>")
                            .append(object.getValue().length()).append("</Size></Contents>");
                }
            }
            respond(exchange, 200, xml.append("</ListBucketResult>").toString());
            return;
        }
        String key = path.substring(bucket.length() + 2);
        String body = objects.get(key);
        if (body == null) {
            respond(exchange, 404, "<Error><Code>NoSuchKey</Code></Error>");
        } else {
            respond(exchange, 200, body);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
