package dev.serverlesscd.functions.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reports the local build runner collected: {@code <workspace>/runs/<runId>/<stage>/**}. */
public final class LocalReportSource implements ReportSource {
    private final Path workspace;

    public LocalReportSource(Path workspace) {
        this.workspace = workspace.toAbsolutePath().normalize();
    }

    public Path stageDirectory(String runId, String stage) {
        ReportSource.requireSafeSegment("run id", runId);
        ReportSource.requireSafeSegment("stage", stage);
        return workspace.resolve("runs").resolve(runId).resolve(stage);
    }

    @Override
    public StageReports fetch(String runId, String stage) {
        Path directory = stageDirectory(runId, stage);
        String location = directory + "/";
        if (!Files.isDirectory(directory)) {
            return new StageReports(location, List.of());
        }
        List<ReportFile> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                String relative = directory.relativize(path).toString().replace('\\', '/');
                files.add(new ReportFile(relative, Files.readAllBytes(path)));
            }
        } catch (IOException e) {
            throw new ReportSourceException("cannot read " + location + ": " + e.getMessage(), e);
        }
        return new StageReports(location, files);
    }
}
