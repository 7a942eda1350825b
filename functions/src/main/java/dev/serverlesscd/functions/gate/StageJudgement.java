package dev.serverlesscd.functions.gate;

import java.util.ArrayList;
import java.util.List;

/**
 * What a judge found in one stage's reports: errors (a report missing or invalid), failures (a threshold not met),
 * warnings, and notes (the numbers when all is well). The verdict follows: ERROR, FAIL, WARN or PASS.
 */
public final class StageJudgement {
    private final List<String> errors = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** {@code error: <report> missing|invalid: <why>}. */
    public StageJudgement error(String report, String missingOrInvalid, String why) {
        errors.add("error: " + report + " " + missingOrInvalid + ": " + why);
        return this;
    }

    public StageJudgement fail(String reason) {
        failures.add(reason);
        return this;
    }

    public StageJudgement warn(String warning) {
        warnings.add(warning);
        return this;
    }

    public StageJudgement note(String note) {
        notes.add(note);
        return this;
    }

    /**
     * The same findings for a stage whose failure only warns ({@code onFailure: warn}): its errors and failures
     * become warnings, marked so.
     */
    public StageJudgement onlyWarning() {
        StageJudgement warned = new StageJudgement();
        reasons().forEach(reason -> warned.warn(reason + " (warn only)"));
        warnings.forEach(warned::warn);
        notes.forEach(warned::note);
        return warned;
    }

    public Verdict verdict() {
        if (!errors.isEmpty()) {
            return Verdict.ERROR;
        }
        if (!failures.isEmpty()) {
            return Verdict.FAIL;
        }
        return warnings.isEmpty() ? Verdict.PASS : Verdict.WARN;
    }

    /** Errors and failures: what stops the run. */
    public List<String> reasons() {
        List<String> reasons = new ArrayList<>(errors);
        reasons.addAll(failures);
        return reasons;
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The one line: reasons first, then warnings, then notes. */
    public String summary() {
        List<String> parts = new ArrayList<>(reasons());
        parts.addAll(warnings);
        parts.addAll(notes);
        return String.join("; ", parts);
    }

    /** The first few of many names, then how many more: {@code a, b, c and 4 more}. */
    static String firstOf(List<String> names, int shown) {
        if (names.size() <= shown) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, shown)) + " and " + (names.size() - shown) + " more";
    }
}
