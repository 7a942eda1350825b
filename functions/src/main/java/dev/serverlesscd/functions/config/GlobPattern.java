package dev.serverlesscd.functions.config;

import java.util.regex.Pattern;

/**
 * A branch or tag pattern as git writes them: {@code *} matches any characters except {@code /}, {@code **} any
 * characters including {@code /}, {@code ?} one character except {@code /}; everything else matches itself.
 * {@code release/*} matches {@code release/1.2} but not {@code release/1.2/hotfix}; {@code **} matches every name.
 */
public record GlobPattern(String glob) {
    public GlobPattern {
        if (glob == null || glob.isBlank()) {
            throw new IllegalArgumentException("A pattern is required");
        }
    }

    public boolean matches(String name) {
        return name != null && regex().matcher(name).matches();
    }

    private Pattern regex() {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    @Override
    public String toString() {
        return glob;
    }
}
