package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.reports.ScanFindings;
import java.util.OptionalLong;

/**
 * The port to what the registry knows of a built image: its size and its scan findings. On AWS
 * {@link EcrImageInspector} (ECR DescribeImages and DescribeImageScanFindings); locally {@link #LOCAL}: no registry,
 * so the size must come in the request and the scan is UNAVAILABLE.
 */
public interface ImageInspector {

    /** The image's size in bytes as the registry stores it; empty when it cannot tell (the reason is then thrown). */
    OptionalLong sizeBytes(ImageRef image);

    ScanFindings scanFindings(ImageRef image);

    ImageInspector LOCAL = new ImageInspector() {
        @Override
        public OptionalLong sizeBytes(ImageRef image) {
            return OptionalLong.empty();
        }

        @Override
        public ScanFindings scanFindings(ImageRef image) {
            return ScanFindings.of(ScanFindings.Status.UNAVAILABLE,
                    "no registry scan here (the image " + image.imageUri() + " is not in ECR)");
        }
    };
}
