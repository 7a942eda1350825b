package dev.serverlesscd.functions.github;

import java.util.Locale;

/** The four states GitHub knows for a commit status; {@link #apiValue()} is what the REST API takes. */
public enum CommitState {
    PENDING,
    SUCCESS,
    FAILURE,
    ERROR;

    public String apiValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
