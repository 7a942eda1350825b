package dev.serverlesscd.functions.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class LocalReportSourceTest {
    @TempDir
    Path workspace;

    @Test
    void fetch_shouldReadEveryFileUnderTheStage_withPathsRelativeToIt() {
        // GIVEN the test stage's reports of run r-1 where the local build runner puts them
        Fixtures.copyTo(workspace, "r-1", "test", "passing");

        // WHEN
        StageReports reports = new LocalReportSource(workspace).fetch("r-1", "test");

        // THEN
        assertThat(reports.location()).isEqualTo(workspace.resolve("runs/r-1/test") + "/");
        assertThat(reports.files()).extracting(ReportFile::path).containsExactly(
                "jacoco.xml",
                "junit/TEST-com.example.orders.OrderParserTest.xml",
                "junit/TEST-com.example.orders.OrdersHttpServerTest.xml",
                "junit/TEST-com.example.orders.PriceCalculatorTest.xml");
    }

    @Test
    void fetch_shouldBeEmpty_whenTheStageWroteNothing() {
        assertThat(new LocalReportSource(workspace).fetch("r-2", "scan").isEmpty()).isTrue();
    }

    @Test
    void fetch_shouldRefuseARunIdThatLeavesTheWorkspace() {
        assertThatThrownBy(() -> new LocalReportSource(workspace).fetch("../../etc", "test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("run id '../../etc' must be");
    }
}
