package dev.serverlesscd.functions.deploy;

import io.fabric8.kubernetes.client.OAuthTokenProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.regions.Region;

/**
 * The bearer token EKS accepts for an IAM identity, as {@code aws eks get-token} makes it: an STS
 * {@code GetCallerIdentity} URL presigned (SigV4, query string, 60 s) with the header {@code x-k8s-aws-id} set to
 * the cluster's name, base64url-encoded without padding behind {@code k8s-aws-v1.}. The API server has STS answer
 * that URL to learn who is calling. EKS accepts a token for 15 minutes after signing; this provider signs a fresh
 * one after {@link #REFRESH_AFTER}, and Fabric8 asks it before each request.
 */
public final class EksTokenProvider implements OAuthTokenProvider {
    public static final String PREFIX = "k8s-aws-v1.";
    static final Duration REFRESH_AFTER = Duration.ofMinutes(10);
    private static final Duration PRESIGN_EXPIRY = Duration.ofSeconds(60);

    private final String clusterName;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private String token;
    private Instant signedAt;

    public EksTokenProvider(String clusterName, Region region, AwsCredentialsProvider credentials, Clock clock) {
        this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
        this.region = Objects.requireNonNull(region, "region");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized String getToken() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(signedAt.plus(REFRESH_AFTER))) {
            token = sign();
            signedAt = now;
        }
        return token;
    }

    private String sign() {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(URI.create("https://sts." + region.id() + ".amazonaws.com/"))
                .appendRawQueryParameter("Action", "GetCallerIdentity")
                .appendRawQueryParameter("Version", "2011-06-15")
                .putHeader("x-k8s-aws-id", clusterName)
                .build();
        SdkHttpRequest presigned = signer.sign(r -> r
                        .identity(credentials.resolveCredentials())
                        .request(request)
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
                        .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, PRESIGN_EXPIRY)
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock))
                .request();
        String url = presigned.getUri().toString();
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
    }
}
