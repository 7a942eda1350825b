package dev.serverlesscd.functions.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.config.DefaultBranchModel;
import dev.serverlesscd.functions.reports.ScanFindings;
import dev.serverlesscd.functions.reports.Vulnerability;
import dev.serverlesscd.functions.run.StageRecord;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The gate's image stage (request with {@code image}, no checks), with baselines and runs on DynamoDB Local. */
@Tag("dynamodb")
class ImageGateTest extends GateFixture {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final String DIGEST = "sha256:" + "b".repeat(64);
    static final double MB = 1024 * 1024;

    final String repository = "acme/orders-service";
    final DynamoDbBaselines baselines = new DynamoDbBaselines(DB.client(), DB.tableName());
    ScanFindings scan = ScanFindings.complete(List.of());

    ImageGateTest() {
        super(DB);
    }

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void judge_shouldFailAnImageGrownBeyondTheBand_andTheHighFindingsOfTierFull() {
        // GIVEN the last good image at 100 MB, this one 151 MB with a HIGH finding
        String repo = "acme/image-" + UUID.randomUUID();
        baselines.propose(repo, "run-old", new Baseline(Baseline.Kind.IMAGE, "run-old", "main", NOW.minusSeconds(3600),
                java.util.Map.of(Baseline.SIZE_BYTES, 100 * MB), null, "sha256:old"));
        baselines.promote(repo, "run-old", NOW.minusSeconds(3000));
        scan = ScanFindings.complete(List.of(new Vulnerability("CVE-2024-9", "openssl", "3.0.1", null,
                dev.serverlesscd.functions.config.Severity.HIGH, "img")));

        // WHEN
        GateResult result = gate().judge(request(repo, "feature-x", (long) (151 * MB)));

        // THEN
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.reasons()).containsExactly(
                "image: image 151.0 MB, +51.0 MB against sha256:old (run run-old on main): more than 50 MB larger fails tier full",
                "image: ECR scan: 1 HIGH (CVE-2024-9 in openssl 3.0.1 (no fix))");
        assertThat(store.stages(runId)).extracting(StageRecord::stage).containsExactlyInAnyOrder("image", "image gate");
    }

    @Test
    void judge_shouldProposeTheImageSizeOfADefaultBranchRun_andNoteTheMissingBaseline() {
        // GIVEN a first run of main, its size from the registry
        String repo = "acme/image-" + UUID.randomUUID();

        // WHEN
        GateResult result = gate().judge(request(repo, "main", null));

        // THEN
        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.stages().get(0).summary())
                .isEqualTo("image 42.0 MB, growth: no baseline yet (first run of main); ECR scan: no vulnerabilities");
        assertThat(baselines.promote(repo, runId, NOW)).isEqualTo(1);
        assertThat(baselines.find(repo, Baseline.Kind.IMAGE).orElseThrow().detail()).isEqualTo(DIGEST);
    }

    @Test
    void judge_shouldRecordNothingAndAskForARetry_whileTheScanRuns() {
        // GIVEN
        scan = ScanFindings.of(ScanFindings.Status.IN_PROGRESS, "scan is IN_PROGRESS");

        // WHEN / THEN
        assertThatThrownBy(() -> gate().judge(request(repository, "main", 1L)))
                .isInstanceOf(ScanInProgressException.class).hasMessageStartingWith("Gate.ScanInProgress: the ECR scan of " + DIGEST);
        assertThat(store.stages(runId)).isEmpty();
    }

    @Test
    void judge_shouldError_whenNobodyKnowsTheImageSize() {
        // GIVEN the local inspector (no registry) and no sizeBytes in the request
        GateService local = gateOnLocalReports(DefaultBranchModel.TIERS).baselines(baselines).build();

        // WHEN
        GateResult result = local.judge(request(repository, "main", null));

        // THEN
        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.reasons()).containsExactly("image: error: image size missing: the request's image has no"
                + " sizeBytes and there is no registry to ask here");
        assertThat(result.warnings()).containsExactly("image: skipped: ECR scan: no registry scan here (the image "
                + "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:abc is not in ECR)");
    }

    private GateService gate() {
        ImageInspector registry = new ImageInspector() {
            @Override
            public OptionalLong sizeBytes(ImageRef image) {
                return OptionalLong.of((long) (42 * MB));
            }

            @Override
            public ScanFindings scanFindings(ImageRef image) {
                return scan;
            }
        };
        return gateOnLocalReports(DefaultBranchModel.TIERS).baselines(baselines).images(registry).build();
    }

    private GateRequest request(String repo, String branch, Long sizeBytes) {
        return new GateRequest(runId, "full", repo, "6113728f", List.of(), branch, "main",
                new ImageRef("123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:abc", DIGEST, sizeBytes));
    }
}
