package dev.serverlesscd.functions.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.config.Severity;
import dev.serverlesscd.functions.testing.AwsJsonStub;
import java.io.IOException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;

/** The real SDK's ECR client against a stub of ECR's JSON protocol: paging, statuses, missing scans. */
@Tag("unit")
class EcrScanFindingsTest {
    static final String DIGEST = "sha256:" + "a".repeat(64);
    private AwsJsonStub stub;
    private EcrClient ecr;

    @AfterEach
    void stop() {
        ecr.close();
        stub.close();
    }

    @Test
    void find_shouldReadEveryPageOfACompleteScan() throws IOException {
        // GIVEN a complete scan with two pages of findings
        start(call -> call.body().contains("\"nextToken\":\"page-2\"")
                ? AwsJsonStub.Answer.ok(page("COMPLETE", finding("CVE-2024-2", "MEDIUM", "zlib", "1.2.13"), null))
                : AwsJsonStub.Answer.ok(page("COMPLETE", finding("CVE-2024-1", "CRITICAL", "openssl", "3.0.1") + ","
                        + finding("CVE-2024-3", "INFORMATIONAL", "bash", "5.2"), "page-2")));

        // WHEN
        ScanFindings findings = new EcrScanFindings(ecr).find("123456789012", "team/orders", DIGEST);

        // THEN
        assertThat(findings.status()).isEqualTo(ScanFindings.Status.COMPLETE);
        assertThat(findings.vulnerabilities()).containsExactly(
                new Vulnerability("CVE-2024-1", "openssl", "3.0.1", null, Severity.CRITICAL, "team/orders@" + DIGEST),
                new Vulnerability("CVE-2024-3", "bash", "5.2", null, Severity.LOW, "team/orders@" + DIGEST),
                new Vulnerability("CVE-2024-2", "zlib", "1.2.13", null, Severity.MEDIUM, "team/orders@" + DIGEST));
        assertThat(stub.calls).extracting(AwsJsonStub.Call::operation)
                .containsExactly("DescribeImageScanFindings", "DescribeImageScanFindings");
        assertThat(stub.calls.get(0).body()).contains("\"repositoryName\":\"team/orders\"", "\"imageDigest\":\"" + DIGEST + "\"",
                "\"registryId\":\"123456789012\"");
    }

    @Test
    void find_shouldSayInProgress_whileTheScanRuns() throws IOException {
        // GIVEN
        start(call -> AwsJsonStub.Answer.ok(page("IN_PROGRESS", "", null)));

        // WHEN
        ScanFindings findings = new EcrScanFindings(ecr).find(null, "orders", DIGEST);

        // THEN
        assertThat(findings.status()).isEqualTo(ScanFindings.Status.IN_PROGRESS);
        assertThat(findings.detail()).isEqualTo("scan of orders@" + DIGEST + " is IN_PROGRESS");
    }

    @Test
    void find_shouldSayFailed_withEcrsDescription() throws IOException {
        // GIVEN
        start(call -> AwsJsonStub.Answer.ok("{\"imageScanStatus\":{\"status\":\"UNSUPPORTED_IMAGE\","
                + "\"description\":\"The operating system is not supported\"}}"));

        // WHEN
        ScanFindings findings = new EcrScanFindings(ecr).find(null, "orders", DIGEST);

        // THEN
        assertThat(findings.status()).isEqualTo(ScanFindings.Status.FAILED);
        assertThat(findings.detail()).isEqualTo("scan of orders@" + DIGEST
                + " is UNSUPPORTED_IMAGE: The operating system is not supported");
    }

    @Test
    void find_shouldSayNotFound_whenTheImageWasNeverScanned() throws IOException {
        // GIVEN ECR's ScanNotFoundException
        start(call -> AwsJsonStub.Answer.error("ScanNotFoundException", "Image scan does not exist for the image"));

        // WHEN
        ScanFindings findings = new EcrScanFindings(ecr).find(null, "orders", DIGEST);

        // THEN
        assertThat(findings.status()).isEqualTo(ScanFindings.Status.NOT_FOUND);
        assertThat(findings.detail()).isEqualTo("no scan of orders@" + DIGEST
                + " (is scan on push enabled?): Image scan does not exist for the image");
    }

    private void start(Function<AwsJsonStub.Call, AwsJsonStub.Answer> answer) throws IOException {
        stub = new AwsJsonStub(answer);
        ecr = stub.client(EcrClient.builder());
    }

    private static String page(String status, String findings, String nextToken) {
        return "{\"imageScanStatus\":{\"status\":\"" + status + "\"},\"imageScanFindings\":{\"findings\":[" + findings + "]}"
                + (nextToken == null ? "" : ",\"nextToken\":\"" + nextToken + "\"") + "}";
    }

    private static String finding(String cve, String severity, String pkg, String version) {
        return "{\"name\":\"" + cve + "\",\"severity\":\"" + severity + "\",\"attributes\":[{\"key\":\"package_version\","
                + "\"value\":\"" + version + "\"},{\"key\":\"package_name\",\"value\":\"" + pkg + "\"}]}";
    }
}
