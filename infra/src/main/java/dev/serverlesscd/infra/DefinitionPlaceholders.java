package dev.serverlesscd.infra;

import dev.serverlesscd.functions.common.StateMachinePlaceholders;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The {@code ${Name}} tokens of an ASL file, checked against the substitutions that bind them. */
public final class DefinitionPlaceholders {

    private DefinitionPlaceholders() {
    }

    public static Set<String> in(String definition) {
        return StateMachinePlaceholders.in(definition);
    }

    /** Fails, naming both differences, unless every placeholder is bound and every binding is used. */
    public static void requireBound(String definition, Map<String, String> substitutions, String source) {
        Set<String> used = in(definition);
        Set<String> unbound = new TreeSet<>(used);
        unbound.removeAll(substitutions.keySet());
        Set<String> unused = new TreeSet<>(substitutions.keySet());
        unused.removeAll(used);
        if (!unbound.isEmpty() || !unused.isEmpty()) {
            throw new IllegalStateException(source + " and the stack's definitionSubstitutions disagree: "
                    + (unbound.isEmpty() ? "" : "placeholders without a binding " + unbound + " (bind them in "
                    + "StateMachines) ")
                    + (unused.isEmpty() ? "" : "bindings the definition does not use " + unused
                    + " (remove them, or use them in the definition)"));
        }
    }
}
