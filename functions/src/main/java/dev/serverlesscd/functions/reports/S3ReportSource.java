package dev.serverlesscd.functions.reports;

import dev.serverlesscd.functions.common.AwsClients;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Reports the CodeBuild projects uploaded as artifacts: {@code s3://<bucket>/runs/<runId>/<stage>/**}. */
public final class S3ReportSource implements ReportSource {
    /** A report larger than this is not read into the gate's memory. */
    static final long MAX_REPORT_BYTES = 32L * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;

    public S3ReportSource(S3Client s3, String bucket) {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("Reports bucket is not specified");
        }
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** With a client built once, on the light URL connection HTTP client. */
    public static S3ReportSource create(String bucket) {
        return new S3ReportSource(AwsClients.s3(), bucket);
    }

    @Override
    public StageReports fetch(String runId, String stage) {
        ReportSource.requireSafeSegment("run id", runId);
        ReportSource.requireSafeSegment("stage", stage);
        String prefix = "runs/" + runId + "/" + stage + "/";
        String location = "s3://" + bucket + "/" + prefix;
        List<ReportFile> files = new ArrayList<>();
        try {
            ListObjectsV2Request list = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
            for (S3Object object : s3.listObjectsV2Paginator(list).contents()) {
                if (object.key().endsWith("/")) {
                    continue;
                }
                if (object.size() != null && object.size() > MAX_REPORT_BYTES) {
                    throw new ReportSourceException(location + object.key().substring(prefix.length())
                            + " is " + object.size() + " bytes, more than the gate reads (" + MAX_REPORT_BYTES + ")", null);
                }
                byte[] content = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(object.key()).build())
                        .asByteArray();
                files.add(new ReportFile(object.key().substring(prefix.length()), content));
            }
        } catch (SdkException e) {
            throw new ReportSourceException("cannot read " + location + ": " + e.getMessage(), e);
        }
        return new StageReports(location, files);
    }
}
