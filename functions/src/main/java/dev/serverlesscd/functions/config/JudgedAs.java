package dev.serverlesscd.functions.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What the gates judge a stage's reports as (a stage's {@code judgedAs:}), and what that kind of stage runs on by
 * default: the CodeBuild project (the ones of today's test, scan, lint and benchmark stages; a stage judged as
 * nothing runs on the unjudged project, which uploads no reports; its word in the plan is still {@code smoke}), its
 * build size and its time limit.
 */
public enum JudgedAs {
    /** Test results and coverage (TestJudge). */
    TESTS("tests", "test", "test", BuildSize.MEDIUM, 30),
    /** Vulnerabilities and secrets: SARIF or scanner JSON (ScanJudge). */
    FINDINGS("findings", "scan", "scan", BuildSize.SMALL, 20),
    /** Lint findings (LintJudge). */
    LINT("lint", "lint", "lint", BuildSize.SMALL, 15),
    /** Benchmark scores against the default branch's baseline (BenchmarkJudge). */
    BENCHMARK("benchmark", "benchmark", "benchmark", BuildSize.MEDIUM, 30),
    /** Nothing: the build's own success or failure is the verdict. */
    NONE("none", null, "smoke", BuildSize.SMALL, 15);

    private final String word;
    private final String judge;
    private final String project;
    private final BuildSize defaultSize;
    private final int defaultTimeoutMinutes;

    JudgedAs(String word, String judge, String project, BuildSize defaultSize, int defaultTimeoutMinutes) {
        this.word = word;
        this.judge = judge;
        this.project = project;
        this.defaultSize = defaultSize;
        this.defaultTimeoutMinutes = defaultTimeoutMinutes;
    }

    /** As written in the configuration and in the plan: tests, findings, lint, benchmark, none. */
    public String word() {
        return word;
    }

    /** The gate's judge for it (its {@code StageJudge.stage()}), or null for {@link #NONE}. */
    public String judge() {
        return judge;
    }

    /** The CodeBuild project its builds run on: test, scan, lint, benchmark or smoke (the unjudged project). */
    public String project() {
        return project;
    }

    public BuildSize defaultSize() {
        return defaultSize;
    }

    public int defaultTimeoutMinutes() {
        return defaultTimeoutMinutes;
    }

    public static Optional<JudgedAs> named(String word) {
        return Arrays.stream(values()).filter(j -> j.word.equals(word == null ? null : word.toLowerCase(Locale.ROOT))).findFirst();
    }

    public static String words() {
        return String.join(", ", Arrays.stream(values()).map(JudgedAs::word).toList());
    }
}
