package dev.serverlesscd.functions.approval;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks approval links: HMAC-SHA256 over {@code <approvalId>\n<approver>\n<expires>} with the link-signing
 * key, as lower-case hex. The check compares in constant time.
 */
public final class LinkSigner {
    /** A key shorter than this is refused: the HMAC is only as strong as its key. */
    public static final int MIN_KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public LinkSigner(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("The link-signing key must be at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    public String sign(String approvalId, String approver, long expiresEpochSecond) {
        return HexFormat.of().formatHex(mac(approvalId, approver, expiresEpochSecond));
    }

    /** True if {@code signature} (hex) is this link's signature; false for anything else, malformed hex included. */
    public boolean verify(String approvalId, String approver, long expiresEpochSecond, String signature) {
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(signature);
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(mac(approvalId, approver, expiresEpochSecond), presented);
    }

    private byte[] mac(String approvalId, String approver, long expiresEpochSecond) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal((approvalId + "\n" + approver + "\n" + expiresEpochSecond).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
