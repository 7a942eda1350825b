package dev.serverlesscd.local.build;

import java.nio.file.Files;
import java.nio.file.Path;

/** samples/orders-service in this repository, found from the module's directory. */
final class SampleService {
    private SampleService() {
    }

    static Path directory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path sample = dir.resolve("samples/orders-service");
            if (Files.isRegularFile(sample.resolve("pom.xml"))) {
                return sample;
            }
        }
        throw new IllegalStateException("samples/orders-service not found above " + Path.of("").toAbsolutePath());
    }
}
