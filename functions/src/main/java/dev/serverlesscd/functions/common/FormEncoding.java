package dev.serverlesscd.functions.common;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded} text (a query string or a form body) as names and values, the way API
 * Gateway gives query parameters: a name given more than once has its values joined with commas.
 */
public final class FormEncoding {

    private FormEncoding() {
    }

    /**
     * The names and values of {@code text} (null or empty: none).
     *
     * @throws IllegalArgumentException when a name or value has a malformed percent escape
     */
    public static Map<String, String> decode(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return fields;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.merge(name, value, (first, next) -> first + "," + next);
        }
        return fields;
    }
}
