package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.json.Json;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A validated Amazon States Language definition. Immutable and shareable between executions. */
public final class StateMachine {
    private final ObjectNode definition;
    private final QueryLanguage queryLanguage;
    private final Block root;

    private StateMachine(ObjectNode definition, QueryLanguage queryLanguage) {
        this.definition = definition;
        this.queryLanguage = queryLanguage;
        this.root = StateParser.block(definition, queryLanguage);
    }

    /**
     * Parses and validates a definition as CreateStateMachine would.
     *
     * @throws AslValidationException listing every problem, each naming the state and field at fault
     */
    public static StateMachine parse(String json) throws AslValidationException {
        JsonNode node;
        try {
            node = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new AslValidationException(List.of("Definition is not valid JSON: " + e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new AslValidationException(List.of("Definition must be a JSON object"));
        }
        List<String> problems = Validator.validate((ObjectNode) node);
        if (!problems.isEmpty()) {
            throw new AslValidationException(problems);
        }
        JsonNode ql = node.get("QueryLanguage");
        return new StateMachine(((ObjectNode) node).deepCopy(), ql == null ? QueryLanguage.JSONPath : QueryLanguage.parse(ql.asText()));
    }

    public ObjectNode definition() {
        return definition.deepCopy();
    }

    public QueryLanguage queryLanguage() {
        return queryLanguage;
    }

    public String startAt() {
        return root.startAt();
    }

    public Set<String> stateNames() {
        return root.states().keySet();
    }

    public Optional<String> comment() {
        JsonNode c = definition.get("Comment");
        return c == null ? Optional.empty() : Optional.of(c.asText());
    }

    /** The top-level {@code TimeoutSeconds}, if any. */
    public Optional<Long> timeoutSeconds() {
        JsonNode t = definition.get("TimeoutSeconds");
        return t == null || !t.canConvertToLong() ? Optional.empty() : Optional.of(t.longValue());
    }

    Block root() {
        return root;
    }

    @Override
    public String toString() {
        return Json.write(definition);
    }
}
