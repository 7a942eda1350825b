package dev.serverlesscd.local.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A buildspec's {@code env.variables} as the build's shell sees them: each value is put between double quotes and
 * assigned in order, so {@code $VAR} and {@code ${VAR}} expand against the environment and the variables declared
 * before it, as they do in CodeBuild ({@code PATH: "$HOME/bin:$PATH"}, {@code MAVEN_OPTS: "$MAVEN_OPTS -Xmx512m"}).
 * Double quotes, backslashes and backquotes in a value are taken literally.
 */
final class ShellExpansion {
    private static final long TIMEOUT_SECONDS = 30;

    private ShellExpansion() {
    }

    /** The {@code declared} variables with their values expanded, in order, by {@code shell} in {@code environment}. */
    static Map<String, String> expand(Map<String, String> declared, Map<String, String> environment, String shell,
            Path directory) throws IOException {
        if (declared.isEmpty()) {
            return Map.of();
        }
        StringBuilder script = new StringBuilder();
        for (Map.Entry<String, String> variable : declared.entrySet()) {
            script.append(variable.getKey()).append('=').append(doubleQuoted(variable.getValue())).append("; export ")
                    .append(variable.getKey()).append("; printf '%s\\0' \"$").append(variable.getKey()).append("\"\n");
        }
        ProcessBuilder builder = new ProcessBuilder(shell, "-c", script.toString()).directory(directory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errors = new Thread(() -> copy(process.getErrorStream(), err));
        errors.start();
        byte[] out = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("the shell did not end within " + TIMEOUT_SECONDS + " s");
            }
            errors.join();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        List<String> values = split(new String(out, StandardCharsets.UTF_8));
        if (process.exitValue() != 0 || values.size() != declared.size()) {
            throw new IOException("exit status " + process.exitValue() + ": " + err.toString(StandardCharsets.UTF_8).strip());
        }
        Map<String, String> expanded = new LinkedHashMap<>();
        int i = 0;
        for (String name : declared.keySet()) {
            expanded.put(name, values.get(i++));
        }
        return expanded;
    }

    /** A value between double quotes with {@code $} left to the shell and {@code " \ `} taken literally. */
    static String doubleQuoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("`", "\\`") + '"';
    }

    private static List<String> split(String out) {
        List<String> values = new ArrayList<>();
        int from = 0;
        for (int at = out.indexOf('\0'); at >= 0; at = out.indexOf('\0', from)) {
            values.add(out.substring(from, at));
            from = at + 1;
        }
        return values;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process ended
        }
    }
}
