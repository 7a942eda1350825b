package dev.serverlesscd.asl;

/** The {@code QueryLanguage} of a state machine or of one state. */
public enum QueryLanguage {
    JSONPath,
    JSONata;

    static QueryLanguage parse(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "JSONPath" -> JSONPath;
            case "JSONata" -> JSONata;
            default -> throw new IllegalArgumentException("QueryLanguage must be 'JSONPath' or 'JSONata', not '" + value + "'");
        };
    }
}
