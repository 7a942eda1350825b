package dev.serverlesscd.functions.reports;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The report formats the gate reads, and the one place that says which format a file a build wrote is, by its path.
 * Each format yields one of the report types ({@link Kind}), so a judge that reads a kind reads every format of it:
 * <ul>
 * <li>tests ({@link TestReport}): JUnit XML ({@code *.xml} other than a coverage report), {@code go test -json}
 * ({@code go-test.json}, {@code *.go-test.json});
 * <li>coverage ({@link CoverageReport}): JaCoCo ({@code jacoco.xml}), Cobertura ({@code cobertura.xml},
 * {@code cobertura-coverage.xml}, {@code coverage.xml}), LCOV ({@code lcov.info}, {@code *.lcov});
 * <li>findings ({@link Finding}): SARIF ({@code *.sarif}, {@code *.sarif.json});
 * <li>vulnerabilities ({@link Vulnerability}): Trivy JSON ({@code trivy.json}, {@code *.trivy.json}), cargo-audit
 * JSON ({@code cargo-audit.json}, {@code *.cargo-audit.json}), npm audit JSON ({@code npm-audit.json},
 * {@code *.npm-audit.json});
 * <li>benchmarks ({@link BenchmarkResult}): Go benchmark output ({@code go-bench.txt}, {@code *.go-bench.txt}),
 * Criterion's estimates ({@code …/new/estimates.json}; Criterion's other files beside it, and any other JSON under a
 * {@code criterion/} directory, are no report), and JMH
 * JSON (any other {@code *.json}).
 * </ul>
 * Names are compared ignoring case.
 */
public enum ReportFormat {
    JUNIT_XML(Kind.TESTS, "JUnit XML", "*.xml"),
    GO_TEST_JSON(Kind.TESTS, "go test -json", "go-test.json, *.go-test.json"),
    JACOCO_XML(Kind.COVERAGE, "JaCoCo", "jacoco.xml"),
    COBERTURA_XML(Kind.COVERAGE, "Cobertura", "cobertura.xml, cobertura-coverage.xml, coverage.xml"),
    LCOV(Kind.COVERAGE, "LCOV", "lcov.info, *.lcov"),
    SARIF(Kind.FINDINGS, "SARIF", "*.sarif, *.sarif.json"),
    TRIVY_JSON(Kind.VULNERABILITIES, "Trivy JSON", "trivy.json, *.trivy.json"),
    CARGO_AUDIT_JSON(Kind.VULNERABILITIES, "cargo-audit JSON", "cargo-audit.json, *.cargo-audit.json"),
    NPM_AUDIT_JSON(Kind.VULNERABILITIES, "npm audit JSON", "npm-audit.json, *.npm-audit.json"),
    JMH_JSON(Kind.BENCHMARKS, "JMH JSON", "*.json"),
    GO_BENCH(Kind.BENCHMARKS, "Go benchmark output", "go-bench.txt, *.go-bench.txt"),
    CRITERION(Kind.BENCHMARKS, "Criterion estimates", "<benchmark>/new/estimates.json");

    /** The report type a format yields. */
    public enum Kind { TESTS, COVERAGE, FINDINGS, VULNERABILITIES, BENCHMARKS }

    /**
     * Criterion's files: its JSON under {@code <benchmark>/{new,base,change}/}, and any JSON under a directory
     * {@code criterion/} (a baseline saved under another name, {@code --save-baseline}); only new/estimates.json is read.
     */
    private static final Pattern CRITERION_FILE = Pattern.compile(
            "(.*/)?(new|base|change)/(estimates|benchmark|sample|tukey)\\.json|(.*/)?criterion/.+\\.json");
    private static final Pattern CRITERION_ESTIMATES = Pattern.compile("(.*/)?new/estimates\\.json");

    private final Kind kind;
    private final String title;
    private final String names;

    ReportFormat(Kind kind, String title, String names) {
        this.kind = kind;
        this.title = title;
        this.names = names;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code LCOV (lcov.info, *.lcov)}, for a message that says what was looked for. */
    public String describe() {
        return title + " (" + names + ")";
    }

    /** The format of a file, by its path; empty for a file that is no report (a log, a marker, Criterion's samples). */
    public static Optional<ReportFormat> of(ReportFile file) {
        String path = file.path().toLowerCase(Locale.ROOT);
        String name = file.name().toLowerCase(Locale.ROOT);
        if (named(name, "go-test.json")) {
            return Optional.of(GO_TEST_JSON);
        }
        if (name.equals("jacoco.xml")) {
            return Optional.of(JACOCO_XML);
        }
        if (List.of("cobertura.xml", "cobertura-coverage.xml", "coverage.xml").contains(name)) {
            return Optional.of(COBERTURA_XML);
        }
        if (name.equals("lcov.info") || name.endsWith(".lcov")) {
            return Optional.of(LCOV);
        }
        if (name.endsWith(".sarif") || name.endsWith(".sarif.json")) {
            return Optional.of(SARIF);
        }
        if (named(name, "trivy.json")) {
            return Optional.of(TRIVY_JSON);
        }
        if (named(name, "cargo-audit.json")) {
            return Optional.of(CARGO_AUDIT_JSON);
        }
        if (named(name, "npm-audit.json")) {
            return Optional.of(NPM_AUDIT_JSON);
        }
        if (named(name, "go-bench.txt")) {
            return Optional.of(GO_BENCH);
        }
        if (CRITERION_FILE.matcher(path).matches()) {
            return CRITERION_ESTIMATES.matcher(path).matches() ? Optional.of(CRITERION) : Optional.empty();
        }
        if (name.endsWith(".xml")) {
            return Optional.of(JUNIT_XML);
        }
        if (name.endsWith(".json")) {
            return Optional.of(JMH_JSON);
        }
        return Optional.empty();
    }

    /** Whether {@code file} is a report of this format. */
    public boolean matches(ReportFile file) {
        return of(file).filter(this::equals).isPresent();
    }

    /** The formats of a kind, in the order above. */
    public static List<ReportFormat> ofKind(Kind kind) {
        return Arrays.stream(values()).filter(f -> f.kind == kind).toList();
    }

    /** {@code JaCoCo (jacoco.xml), Cobertura (…) or LCOV (…)}: every format of a kind, for a "missing" message. */
    public static String describe(Kind kind) {
        List<String> each = ofKind(kind).stream().map(ReportFormat::describe).toList();
        return each.size() == 1 ? each.get(0)
                : String.join(", ", each.subList(0, each.size() - 1)) + " or " + each.get(each.size() - 1);
    }

    /** The test report in {@code file}, a report of this format (a {@link Kind#TESTS} one). */
    public TestReport tests(ReportFile file) throws ReportParseException {
        return switch (this) {
            case JUNIT_XML -> new JUnitXmlParser().parse(file);
            case GO_TEST_JSON -> new GoTestJsonParser().parse(file);
            default -> throw notOf(Kind.TESTS);
        };
    }

    /** The coverage in {@code file}, a report of this format (a {@link Kind#COVERAGE} one). */
    public CoverageReport coverage(ReportFile file) throws ReportParseException {
        return switch (this) {
            case JACOCO_XML -> new JaCoCoXmlParser().parse(file);
            case COBERTURA_XML -> new CoberturaXmlParser().parse(file);
            case LCOV -> new LcovParser().parse(file);
            default -> throw notOf(Kind.COVERAGE);
        };
    }

    /** The findings in {@code file}, a report of this format (a {@link Kind#FINDINGS} one). */
    public List<Finding> findings(ReportFile file) throws ReportParseException {
        if (this != SARIF) {
            throw notOf(Kind.FINDINGS);
        }
        return new SarifParser().parse(file);
    }

    /** The vulnerabilities in {@code file}, a report of this format (a {@link Kind#VULNERABILITIES} one). */
    public List<Vulnerability> vulnerabilities(ReportFile file) throws ReportParseException {
        return switch (this) {
            case TRIVY_JSON -> new TrivyJsonParser().parse(file);
            case CARGO_AUDIT_JSON -> new CargoAuditJsonParser().parse(file);
            case NPM_AUDIT_JSON -> new NpmAuditJsonParser().parse(file);
            default -> throw notOf(Kind.VULNERABILITIES);
        };
    }

    /** The benchmark results in {@code file}, a report of this format (a {@link Kind#BENCHMARKS} one). */
    public List<BenchmarkResult> benchmarks(ReportFile file) throws ReportParseException {
        return switch (this) {
            case JMH_JSON -> new JmhJsonParser().parse(file);
            case GO_BENCH -> new GoBenchParser().parse(file);
            case CRITERION -> List.of(new CriterionEstimatesParser().parse(file));
            default -> throw notOf(Kind.BENCHMARKS);
        };
    }

    /** The tool a vulnerability report comes from, as a reason names it: {@code trivy}, {@code cargo-audit}, {@code npm audit}. */
    public String tool() {
        return switch (this) {
            case TRIVY_JSON -> "trivy";
            case CARGO_AUDIT_JSON -> "cargo-audit";
            case NPM_AUDIT_JSON -> "npm audit";
            default -> title;
        };
    }

    private IllegalArgumentException notOf(Kind wanted) {
        return new IllegalArgumentException(this + " yields " + kind + ", not " + wanted);
    }

    private static boolean named(String name, String base) {
        return name.equals(base) || name.endsWith("." + base);
    }
}
