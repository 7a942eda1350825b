package dev.serverlesscd.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.testing.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The EKS token is built offline: a presigned URL needs credentials and a clock, not a network. */
@Tag("unit")
class EksTokenProviderTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final EksTokenProvider provider = new EksTokenProvider("pipeline-cluster", Region.EU_WEST_1,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")),
            clock);

    @Test
    void getToken_shouldBeAPresignedGetCallerIdentityUrl_forTheCluster() {
        // WHEN
        String token = provider.getToken();

        // THEN
        assertThat(token).startsWith("k8s-aws-v1.").doesNotContain("=");
        URI url = URI.create(new String(Base64.getUrlDecoder().decode(token.substring("k8s-aws-v1.".length())),
                StandardCharsets.UTF_8));
        assertThat(url.getHost()).isEqualTo("sts.eu-west-1.amazonaws.com");
        assertThat(url.getRawQuery())
                .contains("Action=GetCallerIdentity", "Version=2011-06-15", "X-Amz-Algorithm=AWS4-HMAC-SHA256",
                        "X-Amz-Credential=AKIDEXAMPLE%2F20260301%2Feu-west-1%2Fsts%2Faws4_request",
                        "X-Amz-Date=20260301T100000Z", "X-Amz-Expires=60", "X-Amz-Signature=")
                .containsPattern("X-Amz-SignedHeaders=[^&]*x-k8s-aws-id");
    }

    @Test
    void getToken_shouldReuseTheToken_untilItIsTenMinutesOld() {
        // GIVEN
        String first = provider.getToken();

        // WHEN / THEN
        clock.advance(Duration.ofMinutes(9));
        assertThat(provider.getToken()).isEqualTo(first);
        clock.advance(Duration.ofMinutes(1));
        assertThat(provider.getToken()).isNotEqualTo(first);
    }
}
