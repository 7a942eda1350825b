package dev.serverlesscd.functions.webhook;

import dev.serverlesscd.functions.common.Printable;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Git's ref-name rules ({@code git check-ref-format}), checked on every ref a delivery names before anything is
 * recorded, and a bound on its length so that no key built from it passes DynamoDB's limits (a partition key holds at
 * most 2,048 bytes; repository names on GitHub are at most 140 characters).
 */
public final class RefNames {
    /** Longest ref accepted, in UTF-8 bytes (git has no limit of its own; a filesystem's path does). */
    public static final int MAX_BYTES = 1_024;

    private RefNames() {
    }

    /** Why {@code ref} is not a valid ref name, or empty when it is one. */
    public static Optional<String> problem(String ref) {
        if (ref == null || ref.isEmpty()) {
            return Optional.of("it is empty");
        }
        if (ref.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("it is longer than " + MAX_BYTES + " bytes");
        }
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of("it holds a control character");
            }
            if (" ~^:?*[\\".indexOf(c) >= 0) {
                return Optional.of("it holds '" + c + "'");
            }
        }
        if (ref.contains("..")) {
            return Optional.of("it holds '..'");
        }
        if (ref.contains("@{")) {
            return Optional.of("it holds '@{'");
        }
        if (ref.equals("@")) {
            return Optional.of("it is '@'");
        }
        if (ref.startsWith("/") || ref.endsWith("/") || ref.contains("//")) {
            return Optional.of("it has an empty component");
        }
        if (ref.endsWith(".")) {
            return Optional.of("it ends with '.'");
        }
        for (String component : ref.split("/")) {
            if (component.startsWith(".")) {
                return Optional.of("a component begins with '.'");
            }
            if (component.endsWith(".lock")) {
                return Optional.of("a component ends with '.lock'");
            }
        }
        return Optional.empty();
    }

    /** {@code ref} safe to print ({@link Printable}): control characters as {@code \\uXXXX}, cut after 100 characters. */
    public static String printable(String ref) {
        return Printable.of(ref, 100);
    }
}
