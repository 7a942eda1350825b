package dev.serverlesscd.functions.gate;

/**
 * The built image in the {@code Gates} request: {@code {"imageUri", "digest", "sizeBytes"}} ({@code $image} of the
 * state machine; {@code sizeBytes} optional: on AWS the gate asks ECR's DescribeImages for {@code imageSizeInBytes}
 * when it is absent).
 */
public record ImageRef(String imageUri, String digest, Long sizeBytes) {
}
