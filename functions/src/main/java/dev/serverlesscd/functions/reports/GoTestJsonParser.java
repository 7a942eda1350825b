package dev.serverlesscd.functions.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code go test -json}'s output (test2json): one JSON event a line, {@code Action}, {@code Package}, {@code Test}.
 * Every test that ended counts as a test case, subtests ({@code TestX/case}) too, as gotestsum counts them:
 * {@code pass}, {@code fail} (failed, named {@code <package's last element>.TestX/case}) or {@code skip}. Beyond the
 * tests' own events:
 * <ul>
 * <li>a test that started and never ended (the binary panicked or was killed) counts as failed, named
 * {@code … (did not finish)};
 * <li>a package that failed with no failed test (its build, TestMain, a panic outside a test) counts as one failed
 * test case, {@code <package> (package failed)} or {@code (build failed)} when the event names a
 * {@code FailedBuild};
 * <li>the line {@code FAIL <package> [build failed]} (or {@code [setup failed]}) that Go before 1.24 writes as plain
 * text among the events counts the same way.
 * </ul>
 * Go 1.24's {@code build-output} and {@code build-fail} events are left to the package's own {@code fail}. Any
 * other line that is not a JSON event makes the report invalid (write only {@code go test -json}'s standard output).
 */
public final class GoTestJsonParser {
    private static final Pattern BUILD_FAILED = Pattern.compile("FAIL\\s+(\\S+)\\s+\\[(build|setup) failed]");

    public TestReport parse(ReportFile file) throws ReportParseException {
        Map<String, String> running = new LinkedHashMap<>(); // package + test -> display name
        Set<String> packagesWithFailedTests = new LinkedHashSet<>();
        List<String> failedPackages = new ArrayList<>();
        List<String> failedTests = new ArrayList<>();
        int total = 0;
        int skipped = 0;
        int events = 0;
        for (ReportFile.Line numbered : file.lines()) {
            int number = numbered.number();
            String line = numbered.text();
            if (!line.startsWith("{")) {
                Matcher buildFailed = BUILD_FAILED.matcher(line);
                if (buildFailed.matches()) {
                    failedPackages.add(buildFailed.group(1) + " (" + buildFailed.group(2) + " failed)");
                    events++;
                    continue;
                }
                throw ReportParseException.at(file, number, "'" + ReportParseException.quote(line) + "' is not a go test -json event (JSON object a line)");
            }
            JsonNode event;
            try {
                event = Json.MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                throw ReportParseException.at(file, number, "not JSON: " + e.getOriginalMessage());
            }
            if (event == null || !event.isObject()) {
                throw ReportParseException.at(file, number, "not a go test -json event (a JSON object)");
            }
            JsonNode actionNode = event.path("Action");
            if (!actionNode.isTextual() || actionNode.asText().isBlank()) {
                throw ReportParseException.at(file, number, "event has no Action");
            }
            events++;
            String action = actionNode.asText();
            if (action.startsWith("build-")) {
                continue;
            }
            String pkg = event.path("Package").asText("");
            String test = event.path("Test").asText("");
            if (test.isEmpty()) {
                if (action.equals("fail")) {
                    if (pkg.isEmpty()) {
                        throw ReportParseException.at(file, number, "a fail event names neither a Package nor a Test");
                    }
                    if (!packagesWithFailedTests.contains(pkg)) {
                        failedPackages.add(pkg + (event.hasNonNull("FailedBuild") ? " (build failed)" : " (package failed)"));
                    }
                }
                continue;
            }
            String key = pkg + "\u0000" + test;
            String name = shortPackage(pkg) + test;
            switch (action) {
                case "run" -> running.put(key, name);
                case "pass" -> {
                    running.remove(key);
                    total++;
                }
                case "skip" -> {
                    running.remove(key);
                    total++;
                    skipped++;
                }
                case "fail" -> {
                    running.remove(key);
                    total++;
                    failedTests.add(name);
                    packagesWithFailedTests.add(pkg);
                }
                default -> {
                    // output, pause, cont, bench, start: no verdict
                }
            }
        }
        if (events == 0) {
            throw new ReportParseException(file.path() + ": no go test -json event");
        }
        for (String name : running.values()) {
            total++;
            failedTests.add(name + " (did not finish)");
        }
        for (String pkg : failedPackages) {
            total++;
            failedTests.add(pkg);
        }
        return new TestReport(total, failedTests.size(), skipped, failedTests);
    }

    /** {@code orders.} for {@code example.com/orders}; empty when the event names no package. */
    private static String shortPackage(String pkg) {
        return pkg.isEmpty() ? "" : pkg.substring(pkg.lastIndexOf('/') + 1) + ".";
    }
}
