package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.reports.EcrScanFindings;
import dev.serverlesscd.functions.reports.ScanFindings;
import java.util.OptionalLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;

/**
 * The image in ECR: {@code imageSizeInBytes} from {@code DescribeImages} by digest, findings from
 * {@link EcrScanFindings}. The repository and registry come from the image URI
 * ({@code <account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]}).
 */
public final class EcrImageInspector implements ImageInspector {
    private final EcrClient ecr;
    private final EcrScanFindings findings;

    public EcrImageInspector(EcrClient ecr) {
        this.ecr = ecr;
        this.findings = new EcrScanFindings(ecr);
    }

    public static EcrImageInspector create() {
        return new EcrImageInspector(AwsClients.ecr());
    }

    @Override
    public OptionalLong sizeBytes(ImageRef image) {
        Repository repository = Repository.of(image.imageUri());
        try {
            for (ImageDetail detail : ecr.describeImages(DescribeImagesRequest.builder().registryId(repository.registryId())
                    .repositoryName(repository.name()).imageIds(ImageIdentifier.builder().imageDigest(image.digest()).build())
                    .build()).imageDetails()) {
                if (detail.imageSizeInBytes() != null) {
                    return OptionalLong.of(detail.imageSizeInBytes());
                }
            }
        } catch (SdkException e) {
            throw new IllegalStateException("ECR DescribeImages of " + repository.name() + "@" + image.digest()
                    + " failed: " + e.getMessage(), e);
        }
        throw new IllegalStateException("ECR has no size for " + repository.name() + "@" + image.digest());
    }

    @Override
    public ScanFindings scanFindings(ImageRef image) {
        Repository repository = Repository.of(image.imageUri());
        return findings.find(repository.registryId(), repository.name(), image.digest());
    }

    /** {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/orders:abc} → registry 123456789012, name team/orders. */
    record Repository(String registryId, String name) {
        static Repository of(String imageUri) {
            if (imageUri == null || !imageUri.contains("/")) {
                throw new IllegalArgumentException("image URI '" + imageUri + "' names no ECR repository");
            }
            int slash = imageUri.indexOf('/');
            String host = imageUri.substring(0, slash);
            String path = imageUri.substring(slash + 1);
            int at = path.indexOf('@');
            if (at >= 0) {
                path = path.substring(0, at);
            }
            int colon = path.lastIndexOf(':');
            if (colon >= 0) {
                path = path.substring(0, colon);
            }
            String account = host.matches("\\d{12}\\.dkr\\.ecr\\..*") ? host.substring(0, 12) : null;
            return new Repository(account, path);
        }
    }
}
