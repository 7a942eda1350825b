package dev.serverlesscd.local.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Where the libraries' logging goes while the CLI runs: a file ({@code .pipeline/pipeline.log}), never the console,
 * which shows the run and the commands' answers only. Everything the local runtime embeds logs through
 * java.util.logging: slf4j is bound to it (slf4j-jdk14: the handlers, Jetty, Fabric8), and sqlite4java and the mock
 * web server use it directly. The file is appended to, so {@code pipeline runs list} next to a running
 * {@code pipeline local serve} adds its lines to the server's.
 */
final class LibraryLog {
    static final String FORMAT = "%1$tF %1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n";

    private static volatile Path current;

    private LibraryLog() {
    }

    /** The file library logging goes to, if the CLI sent it to one (not in tests that call commands directly). */
    static java.util.Optional<Path> current() {
        return java.util.Optional.ofNullable(current);
    }

    /** Sends every java.util.logging record at INFO or above to {@code file}, and none to the console. */
    static Path to(Path file) {
        OutputStream out;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the log file " + file, e);
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", FORMAT);
        }
        Handler handler = new StreamHandler(out, new SimpleFormatter()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        handler.setLevel(Level.ALL);
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.INFO);
        root.addHandler(handler);
        current = file;
        return file;
    }
}
