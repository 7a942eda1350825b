package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.config.Tier;
import dev.serverlesscd.functions.reports.ScanFindings;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The built image (stage {@code image}, judged when the request has {@code image}): its size against the last good
 * image's (the IMAGE baseline: more than {@code imageGrowthFailMb} larger fails, more than {@code imageGrowthWarnMb}
 * warns), and the registry's scan findings by the tier's severity rule. A size nobody can tell and a scan that is
 * missing or failed are ERRORs; a scan still running is {@link ScanInProgressException} (retried, not judged); no
 * registry scan (locally) is the warning {@code skipped: …}.
 */
final class ImageJudge {
    static final String STAGE = "image";

    private final ImageInspector inspector;

    ImageJudge(ImageInspector inspector) {
        this.inspector = inspector;
    }

    /** Asks the registry first, so that a scan in progress throws before anything is recorded. */
    Inspection inspect(ImageRef image) {
        if (image.imageUri() == null || image.digest() == null) {
            return new Inspection(image, null, "no image", ScanFindings.of(ScanFindings.Status.NOT_FOUND, "no image"));
        }
        ScanFindings scan = inspector.scanFindings(image);
        if (scan.status() == ScanFindings.Status.IN_PROGRESS) {
            throw new ScanInProgressException("Gate.ScanInProgress: the ECR scan of " + image.digest()
                    + " is not finished" + (scan.detail() == null ? "" : ": " + scan.detail()));
        }
        String sizeError = null;
        Long size = image.sizeBytes();
        if (size == null) {
            try {
                OptionalLong known = inspector.sizeBytes(image);
                size = known.isPresent() ? known.getAsLong() : null;
                if (size == null) {
                    sizeError = "the request's image has no sizeBytes and there is no registry to ask here";
                }
            } catch (RuntimeException e) {
                sizeError = e.getMessage();
            }
        }
        return new Inspection(image, size, sizeError, scan);
    }

    StageJudgement judge(Inspection inspection, Tier tier, GateContext context) {
        StageJudgement judgement = new StageJudgement();
        ImageRef image = inspection.image();
        if (image.imageUri() == null || image.digest() == null) {
            return judgement.error("image", "invalid", "the request's image needs imageUri and digest, was " + image);
        }
        if (inspection.sizeBytes() == null) {
            judgement.error("image size", "missing", inspection.sizeError());
        } else if (inspection.sizeBytes() < 0) {
            judgement.error("image size", "invalid", "sizeBytes is " + inspection.sizeBytes());
        } else {
            BaselineRules.imageGrowth(inspection.sizeBytes(), context, tier, judgement);
            context.measured(context.measurement(Baseline.Kind.IMAGE,
                    Map.of(Baseline.SIZE_BYTES, inspection.sizeBytes().doubleValue()), null, image.digest()));
        }
        ScanFindings scan = inspection.scan();
        switch (scan.status()) {
            case COMPLETE -> BaselineRules.vulnerabilities("ECR scan", scan.vulnerabilities(), tier, judgement);
            case UNAVAILABLE -> judgement.warn("skipped: ECR scan: " + scan.detail());
            case NOT_FOUND -> judgement.error("ECR scan findings", "missing", scan.detail());
            case FAILED -> judgement.error("ECR scan findings", "invalid", scan.detail());
            default -> judgement.error("ECR scan findings", "missing", scan.status() + ": " + scan.detail());
        }
        return judgement;
    }

    record Inspection(ImageRef image, Long sizeBytes, String sizeError, ScanFindings scan) {
    }
}
