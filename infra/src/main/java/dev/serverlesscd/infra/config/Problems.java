package dev.serverlesscd.infra.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Collects every configuration problem before failing, so one synth tells the owner all there is to fix. */
final class Problems {
    static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$");

    private final List<String> problems = new ArrayList<>();

    void add(String field, String problem) {
        problems.add(field + ": " + problem);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    void throwIfAny(String source) {
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
    }

    void rejectUnknownFields(String path, JsonNode node, Set<String> known) {
        if (node == null || !node.isObject()) {
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                add(path.isEmpty() ? name : path + "." + name,
                        "unknown field; the known fields here are " + known.stream().sorted().toList()
                                + " (check the spelling)");
            }
        }
    }

    String requireText(String path, JsonNode node, String hint) {
        if (node == null || node.isNull() || !node.isValueNode() || node.asText().isBlank()) {
            add(path, "is missing; " + hint);
            return null;
        }
        return node.asText().trim();
    }

    String requireEmail(String path, JsonNode node) {
        String value = requireText(path, node, "set it to an email address such as team@example.com");
        if (value != null && !EMAIL.matcher(value).matches()) {
            add(path, "'" + value + "' is not an email address; write it as name@domain");
            return null;
        }
        return value;
    }

    Integer optionalInt(String path, JsonNode node, int fallback, int min, int max) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!(node.isIntegralNumber() && node.canConvertToInt()) && !node.asText().trim().matches("-?\\d{1,9}")) {
            add(path, "'" + node.asText() + "' is not a whole number; use a number from " + min + " to " + max);
            return null;
        }
        int value = node.isNumber() ? node.asInt() : Integer.parseInt(node.asText().trim());
        if (value < min || value > max) {
            add(path, value + " is out of range; use a number from " + min + " to " + max);
            return null;
        }
        return value;
    }
}
