package dev.serverlesscd.infra;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("unit")
class RepositoryLayoutTest {
    @TempDir
    Path root;

    @Test
    void locate_walksUpToTheDirectoryHoldingStatemachines() throws IOException {
        // GIVEN a repository whose build runs deep inside it
        Files.createDirectories(root.resolve("statemachines"));
        Path deep = Files.createDirectories(root.resolve("infra/target/classes"));

        // WHEN / THEN
        assertThat(RepositoryLayout.locate(deep).root()).isEqualTo(root.toAbsolutePath().normalize());
        assertThat(RepositoryLayout.locate(deep).functionsJar()).isEqualTo(root.resolve("functions/target/functions.jar"));
    }

    @Test
    void requireFunctionsJar_saysHowToBuildIt_whenTheJarIsMissing() {
        assertThatThrownBy(() -> new RepositoryLayout(root).requireFunctionsJar())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("functions/target/functions.jar does not exist yet")
                .hasMessageContaining("./mvnw -pl infra -am package");
    }

    @Test
    void requireStateMachineDefinition_namesTheFileItLooksFor() {
        assertThatThrownBy(() -> new RepositoryLayout(root).requireStateMachineDefinition())
                .hasMessageContaining("statemachines/pipeline.asl.json");
    }
}
