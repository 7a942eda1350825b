package dev.serverlesscd.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the CDK app finds what it deploys, from the repository root: never relative to the directory a build happens
 * to run in. The root is given ({@code repoRoot} context) or found by walking up from a start directory.
 */
public record RepositoryLayout(Path root) {

    public static final String REPO_ROOT_KEY = "repoRoot";

    public RepositoryLayout {
        root = root.toAbsolutePath().normalize();
    }

    /**
     * Walks up from {@code start} to the first directory that holds {@code statemachines/}, or else the Maven
     * wrapper beside {@code infra/pom.xml}.
     */
    public static RepositoryLayout locate(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("statemachines"))
                    || (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("infra/pom.xml")))) {
                return new RepositoryLayout(dir);
            }
        }
        throw new IllegalStateException("No repository root above " + start.toAbsolutePath() + ": expected a "
                + "directory holding statemachines/ (or mvnw and infra/pom.xml). Run from inside the repository or "
                + "pass -c " + REPO_ROOT_KEY + "=<path>");
    }

    /** The root from {@code repoRoot} if given, else located from the working directory. */
    public static RepositoryLayout fromContextOrWorkingDirectory(Object repoRoot) {
        return repoRoot == null ? locate(Path.of("")) : new RepositoryLayout(Path.of(repoRoot.toString()));
    }

    public Path infraDir() {
        return root.resolve("infra");
    }

    public Path stateMachineDefinition() {
        return root.resolve("statemachines/pipeline.asl.json");
    }

    /** The one shaded jar of every Lambda handler, built by {@code ./mvnw -pl functions package}. */
    public Path functionsJar() {
        return root.resolve("functions/target/functions.jar");
    }

    public Path requireFunctionsJar() {
        Path jar = functionsJar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The Lambda code " + jar + " does not exist yet. Package the functions "
                    + "module first: ./mvnw -pl infra -am package (or ./mvnw verify from the repository root).");
        }
        return jar;
    }

    public Path requireStateMachineDefinition() {
        Path file = stateMachineDefinition();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("The state machine definition " + file + " does not exist: the stack "
                    + "loads statemachines/pipeline.asl.json from the repository root " + root);
        }
        return file;
    }
}
