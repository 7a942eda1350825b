package dev.serverlesscd.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.EnvironmentVariables;
import dev.serverlesscd.functions.reports.ReportFile;
import dev.serverlesscd.functions.reports.ReportSource;
import dev.serverlesscd.functions.reports.StageReports;
import dev.serverlesscd.functions.wiring.AwsPorts;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The gate's report source on S3 as the Gate function wires it ({@code REPORTS_BUCKET}): a stage's reports are the
 * objects under {@code runs/<runId>/<stage>/}, as CodeBuild uploads them.
 */
@LocalStackTest
class S3ReportsOnLocalStackTest {
    static String bucket;
    static ReportSource reports;

    @BeforeAll
    static void start() {
        LocalStack.start();
        bucket = "pipeline-reports-" + UUID.randomUUID();
        AwsClients.s3().createBucket(r -> r.bucket(bucket));
        reports = AwsPorts.create(new Env(Map.of(EnvironmentVariables.TABLE_NAME, "pipeline",
                EnvironmentVariables.REPORTS_BUCKET, bucket)), Clock.systemUTC()).reports();
    }

    @Test
    void fetch_shouldReadEveryReportOfTheStage_andNoneOfAnotherStage() {
        // GIVEN the test stage's reports and the scan stage's of the same run
        put("runs/run-1/test/junit/TEST-OrderTest.xml", "<testsuite name=\"OrderTest\" tests=\"1\"/>");
        put("runs/run-1/test/coverage/jacoco.xml", "<report name=\"orders\"/>");
        put("runs/run-1/scan/trivy.json", "{}");

        // WHEN
        StageReports stage = reports.fetch("run-1", "test");

        // THEN
        assertThat(stage.location()).isEqualTo("s3://" + bucket + "/runs/run-1/test/");
        assertThat(stage.files()).extracting(ReportFile::path)
                .containsExactlyInAnyOrder("junit/TEST-OrderTest.xml", "coverage/jacoco.xml");
        assertThat(stage.files()).filteredOn(file -> file.path().equals("coverage/jacoco.xml"))
                .extracting(ReportFile::text).containsExactly("<report name=\"orders\"/>");
    }

    @Test
    void fetch_shouldAnswerNoReports_whenTheStageUploadedNone() {
        // GIVEN nothing under runs/run-2/lint/

        // WHEN
        StageReports stage = reports.fetch("run-2", "lint");

        // THEN
        assertThat(stage.isEmpty()).isTrue();
    }

    private static void put(String key, String content) {
        AwsClients.s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(content));
    }
}
