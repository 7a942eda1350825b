package dev.serverlesscd.functions.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.common.Env;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ApprovalConfigTest {
    static final String KEY = "a-link-signing-key-of-32-bytes-or-more";

    static Map<String, String> complete() {
        return new HashMap<>(Map.of(
                "TABLE_NAME", "pipeline",
                "SENDER_EMAIL", "pipeline@example.com",
                "APPROVAL_BASE_URL", "https://ci.example.com/approvals",
                "LINK_SIGNING_KEY_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:link-key"));
    }

    @Test
    void from_shouldReadTheKeyFromTheSecret_andDefaultTheTimeout() {
        // WHEN
        ApprovalConfig config = ApprovalConfig.from(new Env(complete()),
                arn -> arn.endsWith(":link-key") ? KEY : null);

        // THEN
        assertThat(config).isEqualTo(new ApprovalConfig("pipeline", "pipeline@example.com",
                "https://ci.example.com/approvals", KEY, Duration.ofHours(72)));
        assertThat(config.toString()).doesNotContain(KEY).contains("linkSigningKey=***");
    }

    @Test
    void from_shouldPreferTheKeyFromTheEnvironment_forLocalRuns_withoutReadingSecrets() {
        // GIVEN
        Map<String, String> env = complete();
        env.remove("LINK_SIGNING_KEY_SECRET_ARN");
        env.put("LINK_SIGNING_KEY", KEY);
        env.put("APPROVAL_TIMEOUT", "PT10M");

        // WHEN
        ApprovalConfig config = ApprovalConfig.from(new Env(env), arn -> {
            throw new AssertionError("no secret read");
        });

        // THEN
        assertThat(config.linkSigningKey()).isEqualTo(KEY);
        assertThat(config.timeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void from_shouldFailFast_namingWhatIsMissingOrWrong() {
        Map<String, String> noSender = complete();
        noSender.remove("SENDER_EMAIL");
        Map<String, String> noKey = complete();
        noKey.remove("LINK_SIGNING_KEY_SECRET_ARN");
        Map<String, String> shortKey = complete();
        shortKey.put("LINK_SIGNING_KEY", "short");
        Map<String, String> badTimeout = complete();
        badTimeout.put("APPROVAL_TIMEOUT", "3 days");

        assertThatThrownBy(() -> ApprovalConfig.from(new Env(noSender), arn -> KEY))
                .hasMessage("Environment variable SENDER_EMAIL is not set");
        assertThatThrownBy(() -> ApprovalConfig.from(new Env(noKey), arn -> KEY))
                .hasMessage("Environment variable LINK_SIGNING_KEY_SECRET_ARN is not set (or LINK_SIGNING_KEY, for local runs)");
        assertThatThrownBy(() -> ApprovalConfig.from(new Env(shortKey), arn -> KEY))
                .hasMessage("The link-signing key must be at least 32 bytes");
        assertThatThrownBy(() -> ApprovalConfig.from(new Env(badTimeout), arn -> KEY))
                .hasMessage("Environment variable APPROVAL_TIMEOUT is not an ISO-8601 duration: '3 days'");
        assertThatThrownBy(() -> ApprovalConfig.from(new Env(complete()), arn -> " "))
                .hasMessage("Secret arn:aws:secretsmanager:eu-west-1:1:secret:link-key (LINK_SIGNING_KEY_SECRET_ARN) holds no string");
    }
}
