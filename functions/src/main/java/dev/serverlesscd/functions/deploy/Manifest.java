package dev.serverlesscd.functions.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One Kubernetes object as a manifest file of the service declares it ({@code file} is its path in the repository,
 * for messages), held as a JSON tree so that the deploy rewrites it without knowing every kind's model.
 */
public record Manifest(String file, ObjectNode object) {

    public Manifest {
        Objects.requireNonNull(object, "object");
    }

    public String kind() {
        return object.path("kind").asText("");
    }

    public String apiVersion() {
        return object.path("apiVersion").asText("");
    }

    public String name() {
        return object.path("metadata").path("name").asText("");
    }

    /** The namespace the object names, or null. */
    public String namespace() {
        String namespace = object.path("metadata").path("namespace").asText("");
        return namespace.isEmpty() ? null : namespace;
    }

    /** {@code Kind/name}: how kubectl names an object. */
    public String key() {
        return kind() + "/" + name();
    }

    /** {@code deploy/staging/app.yaml: Deployment/orders}: where a message points. */
    public String describe() {
        return (file == null ? "" : file + ": ") + key();
    }

    public ObjectNode metadata() {
        return object.with("metadata");
    }
}
