package dev.serverlesscd.functions.reports;

import dev.serverlesscd.functions.config.Severity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A CVSS 3.0/3.1 base vector ({@code CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H}) scored by the specification's
 * base equations (CVSS v3.1 specification, section 7.1, with its Roundup of Appendix A), and the score's qualitative
 * rating (section 5): 0 None, 0.1–3.9 Low, 4.0–6.9 Medium, 7.0–8.9 High, 9.0–10 Critical. Temporal and environmental
 * metrics after the base ones are allowed and not scored.
 */
public final class Cvss3 {
    private static final List<String> BASE = List.of("AV", "AC", "PR", "UI", "S", "C", "I", "A");

    private Cvss3() {
    }

    /** Whether {@code vector} claims CVSS 3 (another version, such as {@code CVSS:4.0/…}, is not scored here). */
    static boolean isVersion3(String vector) {
        return vector.startsWith("CVSS:3.0/") || vector.startsWith("CVSS:3.1/");
    }

    /** The base score, or empty when {@code vector} is not a complete, valid CVSS 3 base vector. */
    static Optional<Double> baseScore(String vector) {
        if (!isVersion3(vector)) {
            return Optional.empty();
        }
        Map<String, String> metrics = new HashMap<>();
        for (String part : vector.substring("CVSS:3.x/".length()).split("/")) {
            String[] pair = part.split(":", -1);
            if (pair.length != 2 || metrics.put(pair[0], pair[1]) != null) {
                return Optional.empty();
            }
        }
        if (!metrics.keySet().containsAll(BASE)) {
            return Optional.empty();
        }
        if (!metrics.get("S").equals("U") && !metrics.get("S").equals("C")) {
            return Optional.empty();
        }
        boolean changed = metrics.get("S").equals("C");
        Double av = weight(metrics.get("AV"), Map.of("N", 0.85, "A", 0.62, "L", 0.55, "P", 0.2));
        Double ac = weight(metrics.get("AC"), Map.of("L", 0.77, "H", 0.44));
        Double pr = weight(metrics.get("PR"), changed ? Map.of("N", 0.85, "L", 0.68, "H", 0.5) : Map.of("N", 0.85, "L", 0.62, "H", 0.27));
        Double ui = weight(metrics.get("UI"), Map.of("N", 0.85, "R", 0.62));
        Map<String, Double> cia = Map.of("H", 0.56, "L", 0.22, "N", 0.0);
        Double c = weight(metrics.get("C"), cia);
        Double i = weight(metrics.get("I"), cia);
        Double a = weight(metrics.get("A"), cia);
        if (av == null || ac == null || pr == null || ui == null || c == null || i == null || a == null) {
            return Optional.empty();
        }
        double iss = 1 - (1 - c) * (1 - i) * (1 - a);
        double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
        double exploitability = 8.22 * av * ac * pr * ui;
        if (impact <= 0) {
            return Optional.of(0.0);
        }
        double sum = changed ? 1.08 * (impact + exploitability) : impact + exploitability;
        return Optional.of(roundUp(Math.min(sum, 10)));
    }

    /** The qualitative rating of a CVSS score (any version's: the bands are the same in 3.x and 4.0). */
    public static Severity rating(double score) {
        return score >= 9.0 ? Severity.CRITICAL : score >= 7.0 ? Severity.HIGH : score >= 4.0 ? Severity.MEDIUM
                : score > 0 ? Severity.LOW : Severity.NONE;
    }

    private static Double weight(String value, Map<String, Double> weights) {
        return weights.get(value);
    }

    /** CVSS 3.1's Roundup: the smallest number with one decimal that is at least {@code value}, free of float error. */
    private static double roundUp(double value) {
        long scaled = Math.round(value * 100_000);
        return scaled % 10_000 == 0 ? scaled / 100_000.0 : (Math.floor(scaled / 10_000.0) + 1) / 10.0;
    }
}
