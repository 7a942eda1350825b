package dev.serverlesscd.functions.common;

/** Text printed into HTML or SVG: every value the pages show goes through {@link #escape}. */
public final class Html {
    private Html() {
    }

    /** {@code value} with {@code < > & " '} escaped, so it is text in an element or an attribute; null is empty. */
    public static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
