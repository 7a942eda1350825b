package dev.serverlesscd.functions.reports;

import dev.serverlesscd.functions.common.AwsClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Attribute;
import software.amazon.awssdk.services.ecr.model.DescribeImageScanFindingsRequest;
import software.amazon.awssdk.services.ecr.model.DescribeImageScanFindingsResponse;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.ImageScanFinding;
import software.amazon.awssdk.services.ecr.model.ScanNotFoundException;

/**
 * ECR's basic scan findings of an image by digest ({@code DescribeImageScanFindings}, every page). The scan's
 * status decides: COMPLETE (and ACTIVE) gives the findings, each with its severity, CVE, package name and version
 * (the {@code package_name} and {@code package_version} attributes); IN_PROGRESS and PENDING are IN_PROGRESS;
 * FAILED, UNSUPPORTED_IMAGE and FINDINGS_UNAVAILABLE are FAILED with ECR's description; no scan
 * ({@code ScanNotFoundException}) or no image ({@code ImageNotFoundException}) is NOT_FOUND.
 */
public final class EcrScanFindings {
    private final EcrClient ecr;

    public EcrScanFindings(EcrClient ecr) {
        this.ecr = Objects.requireNonNull(ecr, "ECR client is not specified");
    }

    public static EcrScanFindings create() {
        return new EcrScanFindings(AwsClients.ecr());
    }

    /** {@code registryId}: the account, or null for the caller's. */
    public ScanFindings find(String registryId, String repositoryName, String digest) {
        String image = repositoryName + "@" + digest;
        List<Vulnerability> found = new ArrayList<>();
        String token = null;
        try {
            do {
                DescribeImageScanFindingsResponse page = ecr.describeImageScanFindings(DescribeImageScanFindingsRequest
                        .builder().registryId(registryId).repositoryName(repositoryName)
                        .imageId(ImageIdentifier.builder().imageDigest(digest).build())
                        .nextToken(token).maxResults(1000).build());
                String status = page.imageScanStatus() == null ? "UNKNOWN" : page.imageScanStatus().statusAsString();
                String description = page.imageScanStatus() == null ? null : page.imageScanStatus().description();
                switch (status) {
                    case "COMPLETE", "ACTIVE" -> {
                    }
                    case "IN_PROGRESS", "PENDING" -> {
                        return ScanFindings.of(ScanFindings.Status.IN_PROGRESS, "scan of " + image + " is " + status);
                    }
                    default -> {
                        return ScanFindings.of(ScanFindings.Status.FAILED, "scan of " + image + " is " + status
                                + (description == null ? "" : ": " + description));
                    }
                }
                if (page.imageScanFindings() != null) {
                    for (ImageScanFinding finding : page.imageScanFindings().findings()) {
                        found.add(new Vulnerability(finding.name(), attribute(finding, "package_name"),
                                attribute(finding, "package_version"), null,
                                Vulnerability.severityNamed(finding.severityAsString()), image));
                    }
                }
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (ScanNotFoundException e) {
            return ScanFindings.of(ScanFindings.Status.NOT_FOUND, "no scan of " + image + " (is scan on push enabled?): "
                    + e.awsErrorDetails().errorMessage());
        } catch (ImageNotFoundException e) {
            return ScanFindings.of(ScanFindings.Status.NOT_FOUND, "no image " + image + " in ECR: "
                    + e.awsErrorDetails().errorMessage());
        } catch (SdkException e) {
            return ScanFindings.of(ScanFindings.Status.FAILED, "cannot read the scan findings of " + image + ": " + e.getMessage());
        }
        return ScanFindings.complete(found);
    }

    private static String attribute(ImageScanFinding finding, String key) {
        return finding.attributes().stream().filter(a -> key.equals(a.key())).map(Attribute::value).findFirst().orElse(null);
    }
}
