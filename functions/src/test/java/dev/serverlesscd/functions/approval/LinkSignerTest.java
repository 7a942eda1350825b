package dev.serverlesscd.functions.approval;

import static dev.serverlesscd.functions.approval.ApprovalFixtures.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LinkSignerTest {
    final LinkSigner signer = new LinkSigner(KEY);

    @Test
    void verify_shouldAcceptItsOwnSignature_only_forTheSameIdApproverAndExpiry() {
        // GIVEN
        String sig = signer.sign("apr-1", "lead@example.com", 1714824000L);

        // WHEN / THEN
        assertThat(sig).matches("[0-9a-f]{64}");
        assertThat(signer.verify("apr-1", "lead@example.com", 1714824000L, sig)).isTrue();
        assertThat(signer.verify("apr-2", "lead@example.com", 1714824000L, sig)).as("other approval").isFalse();
        assertThat(signer.verify("apr-1", "ops@example.com", 1714824000L, sig)).as("other approver").isFalse();
        assertThat(signer.verify("apr-1", "lead@example.com", 1714824001L, sig)).as("longer life").isFalse();
        assertThat(signer.verify("apr-1", "lead@example.com", 1714824000L, "zz" + sig.substring(2))).as("not hex").isFalse();
        assertThat(signer.verify("apr-1", "lead@example.com", 1714824000L, sig.substring(0, 62))).as("truncated").isFalse();
    }

    @Test
    void verify_shouldRefuseASignatureMadeWithAnotherKey() {
        // GIVEN
        LinkSigner other = new LinkSigner("another-key-another-key-another-key!".getBytes(StandardCharsets.UTF_8));

        // WHEN / THEN
        assertThat(signer.verify("apr-1", "lead@example.com", 1L, other.sign("apr-1", "lead@example.com", 1L))).isFalse();
    }

    @Test
    void signer_shouldRefuseAShortKey() {
        assertThatThrownBy(() -> new LinkSigner("short".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The link-signing key must be at least 32 bytes");
    }
}
