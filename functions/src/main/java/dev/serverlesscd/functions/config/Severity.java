package dev.serverlesscd.functions.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A vulnerability's severity, from least to most severe. As a tier's threshold ({@code failOnSeverity},
 * {@code warnOnSeverity}) it is the lowest severity that fails or warns; {@code NONE} there means never.
 */
public enum Severity {
    NONE,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    /** Whether a finding of {@code severity} reaches this threshold; a NONE threshold is reached by nothing. */
    public boolean isReachedBy(Severity severity) {
        return this != NONE && severity.compareTo(this) >= 0;
    }

    /** The severity named {@code name}, ignoring case. */
    public static Optional<Severity> named(String name) {
        return Arrays.stream(values()).filter(s -> s.name().equals(name.trim().toUpperCase(Locale.ROOT))).findFirst();
    }
}
