package dev.serverlesscd.functions.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The report fixtures under src/test/resources/reports (see the README there). */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path directory(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/reports/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ReportFile file(String path) {
        try {
            return new ReportFile(path, Files.readAllBytes(directory(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ReportFile text(String path, String content) {
        return new ReportFile(path, content.getBytes(StandardCharsets.UTF_8));
    }

    public static List<ReportFile> files(String folder) {
        Path root = directory(folder);
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).sorted()
                    .map(p -> file(folder + "/" + root.relativize(p).toString().replace('\\', '/'))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a fixture folder to {@code <workspace>/runs/<runId>/<stage>/}, as the local build runner would. */
    public static void copyTo(Path workspace, String runId, String stage, String folder) {
        Path source = directory(folder);
        Path target = workspace.resolve("runs").resolve(runId).resolve(stage);
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
