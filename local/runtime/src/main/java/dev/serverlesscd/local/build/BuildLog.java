package dev.serverlesscd.local.build;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

/**
 * One build's log: every line to the build's log file and to the caller's line callback (the CLI streams it). It
 * keeps the last lines the build printed in the current phase (not the runner's own {@code [Container]} lines), for
 * a failed phase's reason.
 */
final class BuildLog implements AutoCloseable {
    static final int TAIL = 10;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final BufferedWriter file;
    private final Consumer<String> lines;
    private final Clock clock;
    private final java.util.ArrayDeque<String> lastPrinted = new java.util.ArrayDeque<>();

    BuildLog(Path path, Consumer<String> lines, Clock clock) throws IOException {
        Files.createDirectories(path.getParent());
        this.file = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        this.lines = lines;
        this.clock = clock;
    }

    /** A line of the runner's own, CodeBuild style: {@code [Container] 2024/05/01 12:00:00.000 Entering phase BUILD}. */
    void container(String message) {
        write("[Container] " + TIME.format(clock.instant()) + " " + message);
    }

    /** A line as the build printed it. */
    synchronized void line(String line) {
        if (!line.startsWith("[Container] ")) {
            lastPrinted.addLast(line);
            if (lastPrinted.size() > TAIL) {
                lastPrinted.removeFirst();
            }
        }
        write(line);
    }

    /** A new phase starts: the lines kept so far are forgotten. */
    synchronized void phaseStarted() {
        lastPrinted.clear();
    }

    /** The last lines (at most {@value #TAIL}) the build printed in the current phase. */
    synchronized java.util.List<String> tail() {
        return java.util.List.copyOf(lastPrinted);
    }

    private synchronized void write(String line) {
        try {
            file.write(line);
            file.newLine();
            file.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build log: " + e.getMessage(), e);
        }
        try {
            lines.accept(line);
        } catch (RuntimeException ignored) {
            // a failing listener does not fail the build
        }
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
