package dev.serverlesscd.functions.common;

/**
 * Stored values made safe to print on a terminal or in a log line: what a delivery brought (a ref, an author, a
 * commit message) may hold escape sequences that would rewrite the reader's screen. Control characters (C0, DEL,
 * C1), the line and paragraph separators and the bidirectional formatting characters are written as {@code \}{@code
 * uXXXX}; everything else as it is. The one helper for that: the CLI's tables, the webhook's messages.
 */
public final class Printable {
    private Printable() {
    }

    /** {@code value} with every character a terminal would act on written as {@code \}{@code uXXXX}; null as "". */
    public static String of(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isHostile(c)) {
                if (out == null) {
                    out = new StringBuilder(value.length() + 16).append(value, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? value : out.toString();
    }

    /** {@link #of} cut after {@code max} characters of the value, marked with "…". */
    public static String of(String value, int max) {
        if (value != null && value.length() > max) {
            return of(value.substring(0, max)) + "…";
        }
        return of(value);
    }

    /** {@code value} printed as {@link #of}, or {@code other} when it is null. */
    public static String orElse(String value, String other) {
        return value == null ? other : of(value);
    }

    static boolean isHostile(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || c == 0x2028 || c == 0x2029                 // line and paragraph separators
                || c == 0x061c || c == 0x200e || c == 0x200f  // bidi marks
                || (c >= 0x202a && c <= 0x202e)               // bidi embeddings and overrides
                || (c >= 0x2066 && c <= 0x2069);              // bidi isolates
    }
}
