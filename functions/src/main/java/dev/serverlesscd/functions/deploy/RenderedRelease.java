package dev.serverlesscd.functions.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A release ready to apply: the objects in the order they are applied (namespace, then configuration, service
 * accounts and services, then workloads, then what refers to workloads), rewritten for the environment; their digest
 * ({@code sha256:…} of the canonical JSON); its summary; and the workload the rollout is followed on
 * ({@code Deployment/orders} or {@code StatefulSet/orders}).
 */
public record RenderedRelease(List<ObjectNode> objects, String digest, ReleaseSummary summary, String followed) {

    public RenderedRelease {
        objects = List.copyOf(objects);
    }

    /**
     * The objects as a revision keeps them: a Secret without its values ({@code data} and {@code stringData} dropped,
     * its keys listed under {@code keys}). A Secret is never applied from a revision: re-applying one checks that the
     * hashed Secret is still in the cluster (it is kept for the last releases), so its values are never stored.
     */
    public static List<ObjectNode> withoutSecretValues(List<ObjectNode> objects) {
        List<ObjectNode> stored = new ArrayList<>();
        for (ObjectNode object : objects) {
            if ("Secret".equals(object.path("kind").asText())) {
                ObjectNode copy = object.deepCopy();
                var keys = copy.putArray(SECRET_KEYS);
                for (String field : List.of("data", "stringData")) {
                    object.path(field).fieldNames().forEachRemaining(keys::add);
                    copy.remove(field);
                }
                stored.add(copy);
            } else {
                stored.add(object);
            }
        }
        return stored;
    }

    /** Where a stored Secret lists its keys. */
    public static final String SECRET_KEYS = "keys";
}
