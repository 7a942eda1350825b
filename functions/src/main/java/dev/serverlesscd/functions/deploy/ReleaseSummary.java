package dev.serverlesscd.functions.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a release is, as a person compares two of them: the image of each container ({@code Deployment/orders/orders}),
 * the replicas of each workload, and each declared ConfigMap or Secret by its name in the manifests with the hashed
 * name it was applied under and, per key, a hash of the value (ConfigMaps only; a Secret's keys carry no hash, so
 * nothing derived from a secret value is ever stored). Values themselves are never part of it.
 */
public record ReleaseSummary(Map<String, String> images, Map<String, Integer> replicas, Map<String, Config> config) {

    public ReleaseSummary {
        images = new TreeMap<>(images == null ? Map.of() : images);
        replicas = new TreeMap<>(replicas == null ? Map.of() : replicas);
        config = new TreeMap<>(config == null ? Map.of() : config);
    }

    /** A ConfigMap or Secret: the name it was applied under, and its keys (with a hash of each value, or null). */
    public record Config(String appliedAs, Map<String, String> keys) {
        public Config {
            keys = new TreeMap<>(keys == null ? Map.of() : keys);
        }
    }

    /**
     * What changed from {@code before} to this release, one line each, values never shown: {@code image
     * Deployment/orders/orders: orders-service@sha256:1… -> orders-service@sha256:2…}, {@code replicas
     * Deployment/orders: 2 -> 3}, {@code ConfigMap/orders-config: keys changed: GREETING; added: X; removed: Y},
     * {@code Secret/db: content changed}, {@code added Service/orders}. Empty when nothing changed; with no
     * {@code before}, everything is listed as added.
     */
    public List<String> changesSince(ReleaseSummary before) {
        ReleaseSummary old = before == null ? new ReleaseSummary(null, null, null) : before;
        List<String> changes = new ArrayList<>();
        for (String container : union(old.images.keySet(), images.keySet())) {
            String was = old.images.get(container);
            String now = images.get(container);
            if (!Objects.equals(was, now)) {
                changes.add("image " + container + ": " + (was == null ? "(none)" : was) + " -> " + (now == null ? "(none)" : now));
            }
        }
        for (String workload : union(old.replicas.keySet(), replicas.keySet())) {
            Integer was = old.replicas.get(workload);
            Integer now = replicas.get(workload);
            if (!Objects.equals(was, now)) {
                changes.add("replicas " + workload + ": " + (was == null ? "(none)" : was) + " -> " + (now == null ? "(none)" : now));
            }
        }
        for (String name : union(old.config.keySet(), config.keySet())) {
            Config was = old.config.get(name);
            Config now = config.get(name);
            if (was == null) {
                changes.add("added " + name + " (keys: " + String.join(", ", now.keys().keySet()) + ")");
            } else if (now == null) {
                changes.add("removed " + name);
            } else if (!was.appliedAs().equals(now.appliedAs())) {
                changes.add(name + ": " + configChange(was, now));
            }
        }
        return changes;
    }

    private static String configChange(Config was, Config now) {
        List<String> changed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        boolean hashed = true;
        for (String key : union(was.keys().keySet(), now.keys().keySet())) {
            if (!was.keys().containsKey(key)) {
                added.add(key);
            } else if (!now.keys().containsKey(key)) {
                removed.add(key);
            } else if (now.keys().get(key) == null || was.keys().get(key) == null) {
                hashed = false;
            } else if (!now.keys().get(key).equals(was.keys().get(key))) {
                changed.add(key);
            }
        }
        List<String> parts = new ArrayList<>();
        if (!changed.isEmpty()) {
            parts.add("keys changed: " + String.join(", ", changed));
        }
        if (!added.isEmpty()) {
            parts.add("added: " + String.join(", ", added));
        }
        if (!removed.isEmpty()) {
            parts.add("removed: " + String.join(", ", removed));
        }
        if (parts.isEmpty()) {
            parts.add(hashed ? "metadata changed" : "content changed");
        }
        return String.join("; ", parts) + " (" + was.appliedAs() + " -> " + now.appliedAs() + ")";
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
