package dev.serverlesscd.functions.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * What every section reader of {@link PipelineConfigLoader} checks the same way: the configuration's YAML nodes read
 * field by field, every problem recorded as {@code path (line n): what is wrong} and the reading going on, so that
 * one pass reports them all. A value that fails its check comes back null (or the fallback), never half read.
 */
final class YamlFields {
    /** A Kubernetes name of one label (a namespace, a container), and of an environment or a chat channel. */
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final List<String> problems = new ArrayList<>();

    /** The problems recorded so far, in the order found. */
    List<String> problems() {
        return problems;
    }

    /** Records {@code path (line n): message}, {@code n} being the line the node starts on (0 without a node). */
    void problem(String path, Node at, String message) {
        problems.add(path + " (line " + line(at) + "): " + message);
    }

    /** Records a problem that is not a field's (the file is not YAML, or is empty). */
    void problem(String message) {
        problems.add(message);
    }

    /**
     * A mapping's entries by key, in file order; null (and a problem) if the node is not a mapping. A key outside
     * {@code allowedKeys} (null: any key) is an unknown field; a key given twice, or one that is not a plain name,
     * is reported and left out.
     */
    Map<String, Node> mapping(Node node, String path, Set<String> allowedKeys) {
        String where = path.isEmpty() ? "the file" : path;
        if (!(node instanceof MappingNode mapping)) {
            problem(where, node, "must be a mapping of keys to values");
            return null;
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
            String keyPath = path.isEmpty() ? key : path + "." + key;
            if (key == null) {
                problem(where, tuple.getKeyNode(), "keys must be plain names");
            } else if (allowedKeys != null && !allowedKeys.contains(key)) {
                problem(keyPath, tuple.getKeyNode(), "unknown field; expected one of "
                        + String.join(", ", allowedKeys.stream().sorted().toList()));
            } else if (fields.containsKey(key)) {
                problem(keyPath, tuple.getKeyNode(), "defined twice");
            } else {
                fields.put(key, tuple.getValueNode());
            }
        }
        return fields;
    }

    /**
     * The items of a list by their paths ({@code path[0]}, {@code path[1]}, ...), in order; empty (and
     * {@code path (line n): complaint}) when the node is not a list.
     */
    Map<String, Node> items(Node node, String path, String complaint) {
        if (!(node instanceof SequenceNode sequence)) {
            problem(path, node, complaint);
            return Map.of();
        }
        Map<String, Node> items = new LinkedHashMap<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            items.put(path + "[" + i + "]", sequence.getValue().get(i));
        }
        return items;
    }

    /** The field's single value; null and {@code path.key (line n): required} when it is absent or null. */
    String requiredString(Map<String, Node> fields, String key, String path, Node parent) {
        Node node = fields.get(key);
        if (node == null || isNull(node)) {
            problem(path + "." + key, node == null ? parent : node, "required");
            return null;
        }
        return scalar(node, path + "." + key);
    }

    /** The field's single value, or {@code fallback} when it is absent or null. */
    String stringOr(Map<String, Node> fields, String key, String path, String fallback) {
        Node node = fields.get(key);
        if (node == null || isNull(node)) {
            return fallback;
        }
        return scalar(node, path + "." + key);
    }

    /** A single, non-blank value; null (and a problem) otherwise. */
    String scalar(Node node, String path) {
        if (!(node instanceof ScalarNode scalar)) {
            problem(path, node, "must be a single value");
            return null;
        }
        if (scalar.getValue().isBlank()) {
            problem(path, node, "must not be empty");
            return null;
        }
        return scalar.getValue();
    }

    /** A list of single values; empty when null, and (with a problem) when not a list. */
    List<String> strings(Node node, String path) {
        if (isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            problem(path, node, "must be a list, for example [a, b]");
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            String value = scalar(sequence.getValue().get(i), path + "[" + i + "]");
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    /** The field's list of single values ({@link #strings}); empty when the field is absent. */
    List<String> stringsOr(Map<String, Node> fields, String key, String path) {
        return fields.containsKey(key) ? strings(fields.get(key), path + "." + key) : List.of();
    }

    boolean booleanOr(Map<String, Node> fields, String key, String path, boolean fallback) {
        String text = stringOr(fields, key, path, null);
        if (text == null) {
            return fallback;
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        problem(path + "." + key, fields.get(key), "'" + text + "' must be true or false");
        return fallback;
    }

    /** A whole number; one outside {@code min..max} is reported and still returned. */
    int intOr(Map<String, Node> fields, String key, String path, int fallback, int min, int max) {
        String text = stringOr(fields, key, path, null);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                problem(path + "." + key, fields.get(key), value + " is outside " + min + ".." + max);
            }
            return value;
        } catch (NumberFormatException e) {
            problem(path + "." + key, fields.get(key), "'" + text + "' is not a whole number");
            return fallback;
        }
    }

    /** A number; one outside {@code min..max} is reported and still returned. */
    double numberOr(Map<String, Node> fields, String key, String path, double fallback, double min, double max) {
        String text = stringOr(fields, key, path, null);
        if (text == null) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isNaN(value) || value < min || value > max) {
                problem(path + "." + key, fields.get(key), text + " is outside " + fmt(min) + ".." + fmt(max));
            }
            return value;
        } catch (NumberFormatException e) {
            problem(path + "." + key, fields.get(key), "'" + text + "' is not a number");
            return fallback;
        }
    }

    /**
     * The value {@code named} knows {@code text} as; {@code fallback} when {@code text} is null, and (with
     * {@code path (line n): 'text' is not one of known}) when it knows no such name.
     */
    <T> T oneOf(String text, String path, Node at, Function<String, Optional<T>> named, String known, T fallback) {
        if (text == null) {
            return fallback;
        }
        return named.apply(text).orElseGet(() -> {
            problem(path, at, "'" + text + "' is not one of " + known);
            return fallback;
        });
    }

    /**
     * Whether the value (null: nothing to check) matches the pattern; if not, records
     * {@code path (line n): 'value' complaint}.
     */
    boolean matching(String value, Pattern pattern, String path, Node at, String complaint) {
        if (value == null || pattern.matcher(value).matches()) {
            return true;
        }
        problem(path, at, "'" + value + "' " + complaint);
        return false;
    }

    /**
     * A name given as a key ({@code what} says of what, as "stage name"); if it does not match, records
     * {@code path (line n): what 'name' complaint}.
     */
    void matchingName(String what, String name, Pattern pattern, String path, Node at, String complaint) {
        if (!pattern.matcher(name).matches()) {
            problem(path, at, what + " '" + name + "' " + complaint);
        }
    }

    /** Adds {@code key} to the values seen; if it was there, records {@code path (line n): 'value' is listed twice}. */
    <T> boolean once(Set<T> seen, T key, String value, String path, Node at) {
        if (seen.add(key)) {
            return true;
        }
        problem(path, at, "'" + value + "' is listed twice");
        return false;
    }

    boolean once(Set<String> seen, String value, String path, Node at) {
        return once(seen, value, value, path, at);
    }

    /** A tier (null: none given) must be one of the configuration's. */
    void knownTier(String tier, String path, Node at, Set<String> tiers) {
        if (tier != null && !tiers.contains(tier)) {
            problem(path, at, "unknown tier '" + tier + "'; known: " + String.join(", ", tiers));
        }
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
