package dev.serverlesscd.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.LogManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@Tag("unit")
class LibraryLogTest {
    @TempDir
    Path workspace;

    @AfterEach
    void restoreTheDefaultLoggingConfiguration() throws Exception {
        LogManager.getLogManager().readConfiguration();
    }

    @Test
    void librariesLogToTheFile_appended_andNothingToTheConsole() throws Exception {
        // GIVEN a log file with a line from an earlier command
        Path file = workspace.resolve(".pipeline/pipeline.log");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "an earlier line\n");
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            // WHEN the CLI sends library logging there, and a library logs through slf4j and through java.util.logging
            LibraryLog.to(file);
            LoggerFactory.getLogger("dev.serverlesscd.functions.github.CommitStatusesFactory")
                    .warn("GitHub commit statuses are off: no token");
            java.util.logging.Logger.getLogger("com.almworks.sqlite4java").info("[sqlite] Internal: loaded sqlite4java");
            java.util.logging.Logger.getLogger("com.almworks.sqlite4java").fine("below INFO");
        } finally {
            System.setErr(err);
        }

        // THEN both lines are in the file after the earlier one, and the console has none of them
        String log = Files.readString(file);
        assertThat(log).startsWith("an earlier line\n")
                .contains("WARNING dev.serverlesscd.functions.github.CommitStatusesFactory", "GitHub commit statuses are off")
                .contains("INFO    com.almworks.sqlite4java", "[sqlite] Internal: loaded sqlite4java")
                .doesNotContain("below INFO");
        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(LibraryLog.current()).hasValue(file);
    }
}
