package dev.serverlesscd.functions.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * One release of an environment, as recorded: its number (1, 2, … per environment), the run (or manual rollback)
 * that applied it, commit, version and image, the objects applied (after rewriting; Secrets without their values,
 * {@link RenderedRelease#withoutSecretValues}), their digest, the summary, the workload followed, what changed since
 * the revision before, and for a rollback the revision it re-applied ({@code rollbackOf}, null otherwise).
 */
public record ReleaseRevision(DeploymentRef ref, String environment, int number, String runId, String commit,
                              String version, String image, String digest, List<ObjectNode> objects,
                              ReleaseSummary summary, String followed, List<String> changes, Integer rollbackOf,
                              Instant at) {

    public ReleaseRevision {
        objects = List.copyOf(objects);
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** {@code Kind/name} of every object, hashed ConfigMaps and Secrets under the names they were applied as. */
    public List<String> keys() {
        return objects.stream()
                .map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText())
                .toList();
    }
}
