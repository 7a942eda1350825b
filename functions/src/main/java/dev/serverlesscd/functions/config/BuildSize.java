package dev.serverlesscd.functions.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A stage's build size ({@code size:}), passed to CodeBuild as {@code ComputeTypeOverride}. */
public enum BuildSize {
    SMALL("BUILD_GENERAL1_SMALL"),
    MEDIUM("BUILD_GENERAL1_MEDIUM"),
    LARGE("BUILD_GENERAL1_LARGE"),
    XLARGE("BUILD_GENERAL1_XLARGE");

    private final String computeType;

    BuildSize(String computeType) {
        this.computeType = computeType;
    }

    /** CodeBuild's compute type. */
    public String computeType() {
        return computeType;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<BuildSize> named(String word) {
        return Arrays.stream(values()).filter(s -> s.word().equals(word == null ? null : word.toLowerCase(Locale.ROOT))).findFirst();
    }

    public static String words() {
        return String.join(", ", Arrays.stream(values()).map(BuildSize::word).toList());
    }
}
