package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.EnvironmentVariables;
import dev.serverlesscd.functions.lambda.GateHandler;
import dev.serverlesscd.functions.reports.CodeBuildReportSource;
import dev.serverlesscd.functions.reports.LocalReportSource;
import dev.serverlesscd.functions.reports.ReportGroups;
import dev.serverlesscd.functions.reports.ReportSource;
import dev.serverlesscd.functions.reports.S3ReportSource;
import java.nio.file.Path;

/**
 * {@link GateHandler}'s configuration: {@code TABLE_NAME}, and where the reports are: {@code REPORTS_BUCKET}
 * (on AWS) or {@code REPORTS_DIR} (the local workspace), exactly one of them.
 */
public record GateConfig(String tableName, String reportsBucket, String reportsDir) {

    public static GateConfig from(Env env) {
        String table = env.require(EnvironmentVariables.TABLE_NAME);
        String bucket = env.optional(EnvironmentVariables.REPORTS_BUCKET).orElse(null);
        String dir = env.optional(EnvironmentVariables.REPORTS_DIR).orElse(null);
        if (bucket == null && dir == null) {
            throw new IllegalStateException("Environment variable REPORTS_BUCKET (S3) or REPORTS_DIR (local workspace) is not set");
        }
        if (bucket != null && dir != null) {
            throw new IllegalStateException("Set one of REPORTS_BUCKET and REPORTS_DIR, not both");
        }
        return new GateConfig(table, bucket, dir);
    }

    /** On AWS (reports in S3) the image is in ECR; locally there is no registry. */
    public ImageInspector imageInspector() {
        return reportsBucket != null ? EcrImageInspector.create() : ImageInspector.LOCAL;
    }

    /** On AWS the check builds publish to CodeBuild's report groups; locally to none. */
    public ReportGroups reportGroups() {
        return reportsBucket != null ? CodeBuildReportSource.create() : ReportGroups.NONE;
    }

    public ReportSource reportSource() {
        return reportsBucket != null ? S3ReportSource.create(reportsBucket) : new LocalReportSource(Path.of(reportsDir));
    }
}
