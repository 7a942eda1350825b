package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Variables: a scope per execution, per Parallel branch and per Map iteration; inner scopes read outer ones. */
final class Scope {
    private static final ObjectNode EMPTY = Json.obj();

    private final Scope parent;
    private final Map<String, JsonNode> vars = new ConcurrentHashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    void assign(Map<String, JsonNode> assigned) {
        vars.putAll(assigned);
    }

    private boolean empty() {
        return vars.isEmpty() && (parent == null || parent.empty());
    }

    /** Every visible variable, inner ones shadowing outer ones. */
    Map<String, JsonNode> visible() {
        if (parent == null) {
            return new LinkedHashMap<>(vars);
        }
        Map<String, JsonNode> all = parent.visible();
        all.putAll(vars);
        return all;
    }

    /** The visible variables as an object, for JSONPath {@code $name} references; never to be mutated. */
    ObjectNode asObject() {
        if (empty()) {
            return EMPTY;
        }
        ObjectNode o = Json.obj();
        visible().forEach(o::set);
        return o;
    }
}
