package dev.serverlesscd.functions.reports;

/**
 * Where the check stages' reports are read from: {@code runs/<runId>/<stage>/} in S3 on AWS
 * ({@link S3ReportSource}), under the local workspace otherwise ({@link LocalReportSource}).
 */
public interface ReportSource {

    /**
     * Every file under the stage's report prefix; empty when the stage wrote none.
     *
     * @throws ReportSourceException when the source cannot be read (not when it is empty)
     */
    StageReports fetch(String runId, String stage);

    /** Run ids and stage names become path segments: only letters, digits and {@code . _ : -}, never {@code ..}. */
    static void requireSafeSegment(String what, String value) {
        if (value == null || !value.matches("[A-Za-z0-9._:-]{1,128}") || value.contains("..")) {
            throw new IllegalArgumentException(what + " '" + value + "' must be 1-128 of letters, digits, '.', '_', ':' and '-'");
        }
    }
}
