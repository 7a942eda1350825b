package dev.serverlesscd.local.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code git} command for tests that build repositories of their own. */
public final class Git {
    private Git() {
    }

    /** Runs {@code git -C dir args...}; answers its output, stripped, and fails the test with it when git fails. */
    public static String git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor()).as("git %s: %s", String.join(" ", args), output).isZero();
        return output;
    }
}
