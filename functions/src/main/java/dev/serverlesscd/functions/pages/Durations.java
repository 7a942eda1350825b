package dev.serverlesscd.functions.pages;

import java.time.Duration;

/** Durations as people read them: {@code 45 s}, {@code 3 min 5 s}, {@code 2 h 10 min}, {@code 3 d 4 h}; null as "–". */
public final class Durations {
    private Durations() {
    }

    public static String format(Duration d) {
        if (d == null) {
            return "–";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        if (s < 86_400) {
            return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
        }
        return s / 86_400 + " d" + (s % 86_400 / 3600 == 0 ? "" : " " + s % 86_400 / 3600 + " h");
    }

    /** A rate as a percentage with one decimal ({@code 33.3 %}); null as "–". */
    public static String percent(Double rate) {
        return rate == null ? "–" : String.format(java.util.Locale.ROOT, "%.1f %%", rate * 100);
    }
}
