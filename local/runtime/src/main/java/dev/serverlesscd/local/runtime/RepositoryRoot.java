package dev.serverlesscd.local.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository the local runtime runs from: the {@code pipeline.root} system property (the {@code ./pipeline}
 * launcher sets it), else the nearest folder at or above the working directory that holds {@code statemachines/}.
 */
public final class RepositoryRoot {
    private RepositoryRoot() {
    }

    public static Path find() {
        String given = System.getProperty("pipeline.root");
        if (given != null && !given.isBlank()) {
            return Path.of(given).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("statemachines"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run pipeline from inside the repository: no statemachines/ above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
