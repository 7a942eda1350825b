package dev.serverlesscd.functions.webhook;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the raw body bytes under the
 * webhook's secret. Compared in constant time ({@link MessageDigest#isEqual}), before anything is parsed.
 */
public final class SignatureVerifier {
    public static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    /** Why a signature was refused, or that it holds. */
    public enum Verdict {
        VALID(null),
        MISSING("missing " + HEADER + ": give the webhook a secret, GitHub then signs every delivery"),
        MALFORMED(HEADER + " is malformed: expected sha256= and 64 hex digits"),
        MISMATCH(HEADER + " does not match the body: the webhook's secret differs from the pipeline's");

        private final String message;

        Verdict(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    private SignatureVerifier() {
    }

    public static Verdict verify(byte[] secret, byte[] body, String header) {
        if (header == null || header.isBlank()) {
            return Verdict.MISSING;
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) || value.length() != PREFIX.length() + 64) {
            return Verdict.MALFORMED;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException notHex) {
            return Verdict.MALFORMED;
        }
        return MessageDigest.isEqual(hmac(secret, body), given) ? Verdict.VALID : Verdict.MISMATCH;
    }

    /** The header value GitHub would send for this body: {@code sha256=<hex>}. */
    public static String sign(byte[] secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
    }

    private static byte[] hmac(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available: " + e.getMessage(), e);
        }
    }
}
