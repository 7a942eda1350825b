package dev.serverlesscd.functions.approval;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/** Builds an approver's personal link: {@code <base>?id=<approvalId>&approver=<email>&expires=<epoch>&sig=<hex>}. */
public final class ApprovalLinks {
    private final String baseUrl;
    private final LinkSigner signer;

    public ApprovalLinks(String baseUrl, LinkSigner signer) {
        if (baseUrl == null || !(baseUrl.startsWith("https://") || baseUrl.startsWith("http://")) || baseUrl.contains("?")) {
            throw new IllegalArgumentException("The approval base URL must be an http(s) URL without a query, was '" + baseUrl + "'");
        }
        this.baseUrl = baseUrl;
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    public String linkFor(String approvalId, String approver, Instant expires) {
        long epoch = expires.getEpochSecond();
        return baseUrl + "?id=" + encode(approvalId) + "&approver=" + encode(approver) + "&expires=" + epoch
                + "&sig=" + signer.sign(approvalId, approver, epoch);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
