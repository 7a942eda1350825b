package dev.serverlesscd.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's sample repository keeps its history across demos on one workspace. */
@Tag("unit")
class SampleSourceTest {
    @TempDir
    Path directory;

    @Test
    void aSecondDemoOnTheSameWorkspace_commitsAChangeOfItsOwn_onTopOfTheFirst() throws Exception {
        // GIVEN an unchanged sample and a workspace with no repository yet
        Path sample = directory.resolve("sample");
        Files.createDirectories(sample);
        Files.writeString(sample.resolve("README.md"), "orders\n");
        Path sources = directory.resolve("sources/orders-service");
        assertThat(SampleSource.commitCount(sources)).isZero();

        // WHEN two demos (each a process of its own) commit the same sample, numbering their commits as the demo does
        String first = SampleSource.commit(sample, sources, message(sources), "main", java.util.List.of());
        String second = SampleSource.commit(sample, sources, message(sources), "main", java.util.List.of());

        // THEN the second is a commit of its own whose parent is the first (it used to find nothing to commit)
        assertThat(second).isNotEqualTo(first);
        assertThat(SampleSource.parent(sources, second)).isEqualTo(first);
        assertThat(SampleSource.commitCount(sources)).isEqualTo(2);
    }

    private static String message(Path sources) {
        return "Apply the order discount before rounding (demo commit " + (SampleSource.commitCount(sources) + 1) + ")";
    }
}
