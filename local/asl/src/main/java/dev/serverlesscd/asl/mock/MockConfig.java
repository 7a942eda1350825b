package dev.serverlesscd.asl.mock;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mock configuration file of AWS Step Functions Local ("Using mocked service integrations for testing in Step
 * Functions Local", and its page "Configuration file for mocked service integrations"):
 *
 * <pre>{@code
 * {"StateMachines": {"<state machine name>": {"TestCases": {"<test case>": {"<Task state name>": "<mocked response>"}}}},
 *  "MockedResponses": {"<mocked response>": {"0": {"Return": ...}, "1-2": {"Throw": {"Error": "...", "Cause": "..."}}}}}
 * }</pre>
 *
 * Read with Jackson and validated as a whole: {@link #parse} reports every problem at once, each naming its JSON path.
 * Invocation keys are zero-based; {@code "1-2"} is an inclusive range; together they must cover 0..n without a gap
 * or an overlap.
 */
public final class MockConfig {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Pattern KEY = Pattern.compile("(0|[1-9][0-9]{0,5})(?:-(0|[1-9][0-9]{0,5}))?");

    private final Map<String, Map<String, TestCase>> stateMachines;
    private final Map<String, MockedResponse> mockedResponses;

    private MockConfig(Map<String, Map<String, TestCase>> stateMachines, Map<String, MockedResponse> mockedResponses) {
        this.stateMachines = stateMachines;
        this.mockedResponses = mockedResponses;
    }

    /** Reads and validates a mock configuration file. */
    public static MockConfig read(Path file) throws MockConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new MockConfigException("Mock config file not found: " + file);
        } catch (IOException e) {
            throw new MockConfigException("Mock config file " + file + " cannot be read: " + e.getMessage());
        }
        return parse(text);
    }

    /** Parses and validates a mock configuration. */
    public static MockConfig parse(String json) throws MockConfigException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MockConfigException("Mock config is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new MockConfigException("Mock config must be a JSON object with StateMachines and MockedResponses");
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("StateMachines") && !field.equals("MockedResponses")) {
                problems.add(field + ": unknown top-level field (expected StateMachines and MockedResponses)");
            }
        }
        Set<String> invalid = new java.util.HashSet<>();
        Map<String, MockedResponse> responses = parseResponses(root.get("MockedResponses"), problems, invalid);
        Map<String, Map<String, TestCase>> machines = parseStateMachines(root.get("StateMachines"), responses, invalid,
                problems);
        if (!problems.isEmpty()) {
            throw new MockConfigException(problems);
        }
        return new MockConfig(machines, responses);
    }

    private static Map<String, MockedResponse> parseResponses(JsonNode node, List<String> problems, Set<String> invalid) {
        Map<String, MockedResponse> responses = new LinkedHashMap<>();
        if (node == null) {
            problems.add("MockedResponses: missing (an object of named mocked responses)");
            return responses;
        }
        if (!node.isObject()) {
            problems.add("MockedResponses: must be an object, not " + kind(node));
            return responses;
        }
        node.fields().forEachRemaining(e -> {
            String path = "MockedResponses." + e.getKey();
            MockedResponse r = parseResponse(e.getKey(), path, e.getValue(), problems);
            if (r != null) {
                responses.put(e.getKey(), r);
            } else {
                invalid.add(e.getKey());
            }
        });
        return responses;
    }

    private static MockedResponse parseResponse(String name, String path, JsonNode node, List<String> problems) {
        if (!node.isObject() || node.isEmpty()) {
            problems.add(path + ": must be a non-empty object keyed by invocation index (\"0\") or range (\"1-2\")");
            return null;
        }
        int before = problems.size();
        TreeMap<Integer, Integer> ranges = new TreeMap<>();
        Map<Integer, MockedResponse.Answer> byStart = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            String keyPath = path + ".\"" + e.getKey() + "\"";
            Matcher m = KEY.matcher(e.getKey());
            if (!m.matches()) {
                problems.add(keyPath + ": invalid invocation key; use a zero-based index such as \"0\" or an inclusive range such as \"1-2\"");
                return;
            }
            int from = Integer.parseInt(m.group(1));
            int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
            if (to < from) {
                problems.add(keyPath + ": range ends before it starts");
                return;
            }
            MockedResponse.Answer answer = parseAnswer(keyPath, e.getValue(), problems);
            if (answer == null) {
                return;
            }
            Integer clash = ranges.floorKey(to);
            if (clash != null && ranges.get(clash) >= from) {
                problems.add(keyPath + ": overlaps invocations " + clash + "-" + ranges.get(clash) + " defined by another key");
                return;
            }
            ranges.put(from, to);
            byStart.put(from, answer);
        });
        if (problems.size() > before) {
            return null;
        }
        List<MockedResponse.Answer> answers = new ArrayList<>();
        int expected = 0;
        for (Map.Entry<Integer, Integer> r : ranges.entrySet()) {
            if (r.getKey() != expected) {
                problems.add(path + ": invocation keys must cover 0..n without a gap; invocation " + expected
                        + (r.getKey() - 1 > expected ? "-" + (r.getKey() - 1) : "") + " has no response");
                return null;
            }
            for (int i = r.getKey(); i <= r.getValue(); i++) {
                answers.add(byStart.get(r.getKey()));
            }
            expected = r.getValue() + 1;
        }
        return new MockedResponse(name, answers);
    }

    private static MockedResponse.Answer parseAnswer(String path, JsonNode node, List<String> problems) {
        if (!node.isObject()) {
            problems.add(path + ": must be an object with either Return or Throw, not " + kind(node));
            return null;
        }
        boolean hasReturn = node.has("Return");
        boolean hasThrow = node.has("Throw");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("Return") && !f.equals("Throw")) {
                problems.add(path + "." + f + ": unknown field (a response has either Return or Throw)");
                return null;
            }
        }
        if (hasReturn == hasThrow) {
            problems.add(path + ": must have exactly one of Return or Throw" + (hasReturn ? ", not both" : ""));
            return null;
        }
        if (hasReturn) {
            return new MockedResponse.Return(node.get("Return").deepCopy());
        }
        JsonNode t = node.get("Throw");
        if (!t.isObject()) {
            problems.add(path + ".Throw: must be an object with Error and Cause, not " + kind(t));
            return null;
        }
        int before = problems.size();
        for (Iterator<String> it = t.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("Error") && !f.equals("Cause")) {
                problems.add(path + ".Throw." + f + ": unknown field (Throw has Error and Cause)");
            }
        }
        JsonNode error = t.get("Error");
        JsonNode cause = t.get("Cause");
        if (error == null || !error.isTextual() || error.textValue().isEmpty()) {
            problems.add(path + ".Throw.Error: must be a non-empty string" + (error == null ? " (missing)" : ", not " + kind(error)));
        }
        if (cause != null && !cause.isTextual()) {
            problems.add(path + ".Throw.Cause: must be a string, not " + kind(cause));
        }
        if (problems.size() > before) {
            return null;
        }
        return new MockedResponse.Throw(error.textValue(), cause == null ? "" : cause.textValue());
    }

    private static Map<String, Map<String, TestCase>> parseStateMachines(JsonNode node, Map<String, MockedResponse> responses,
                                                                     Set<String> invalid, List<String> problems) {
        Map<String, Map<String, TestCase>> machines = new LinkedHashMap<>();
        if (node == null) {
            problems.add("StateMachines: missing (an object of state machine names to their TestCases)");
            return machines;
        }
        if (!node.isObject()) {
            problems.add("StateMachines: must be an object, not " + kind(node));
            return machines;
        }
        node.fields().forEachRemaining(sm -> {
            String smPath = "StateMachines." + sm.getKey();
            JsonNode body = sm.getValue();
            if (!body.isObject()) {
                problems.add(smPath + ": must be an object with TestCases, not " + kind(body));
                return;
            }
            for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("TestCases")) {
                    problems.add(smPath + "." + f + ": unknown field (a state machine has TestCases)");
                }
            }
            JsonNode cases = body.get("TestCases");
            if (cases == null || !cases.isObject()) {
                problems.add(smPath + ".TestCases: must be an object of test case names"
                        + (cases == null ? " (missing)" : ", not " + kind(cases)));
                return;
            }
            Map<String, TestCase> byName = new LinkedHashMap<>();
            cases.fields().forEachRemaining(tc -> {
                String tcPath = smPath + ".TestCases." + tc.getKey();
                if (!tc.getValue().isObject()) {
                    problems.add(tcPath + ": must be an object of Task state names to mocked response names, not "
                            + kind(tc.getValue()));
                    return;
                }
                Map<String, MockedResponse> mocked = new LinkedHashMap<>();
                tc.getValue().fields().forEachRemaining(st -> {
                    String stPath = tcPath + "." + st.getKey();
                    if (!st.getValue().isTextual()) {
                        problems.add(stPath + ": must be the name of a mocked response (a string), not " + kind(st.getValue()));
                        return;
                    }
                    MockedResponse r = responses.get(st.getValue().textValue());
                    if (r == null && invalid.contains(st.getValue().textValue())) {
                        return; // its own problems are reported under MockedResponses
                    }
                    if (r == null) {
                        problems.add(stPath + ": mocked response '" + st.getValue().textValue()
                                + "' is not defined in MockedResponses");
                        return;
                    }
                    mocked.put(st.getKey(), r);
                });
                byName.put(tc.getKey(), new TestCase(sm.getKey(), tc.getKey(), mocked));
            });
            machines.put(sm.getKey(), byName);
        });
        return machines;
    }

    private static String kind(JsonNode n) {
        return n.isNull() ? "null" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    public Set<String> stateMachineNames() {
        return stateMachines.keySet();
    }

    public Map<String, MockedResponse> mockedResponses() {
        return mockedResponses;
    }

    /** The test cases of a state machine, empty if the file does not name it. */
    public Map<String, TestCase> testCases(String stateMachine) {
        return stateMachines.getOrDefault(stateMachine, Map.of());
    }

    public Optional<TestCase> findTestCase(String stateMachine, String testCase) {
        return Optional.ofNullable(testCases(stateMachine).get(testCase));
    }

    /**
     * The test case to run, as {@code asl run} chooses it: {@code stateMachine} may be null when the file names exactly
     * one state machine.
     *
     * @throws MockConfigException naming what is missing and what the file offers
     */
    public TestCase testCase(String stateMachine, String testCase) throws MockConfigException {
        String sm = stateMachine;
        if (sm == null) {
            if (stateMachines.size() != 1) {
                throw new MockConfigException("The mock config defines " + stateMachines.size() + " state machines "
                        + stateMachines.keySet() + "; name one with --state-machine");
            }
            sm = stateMachines.keySet().iterator().next();
        }
        if (!stateMachines.containsKey(sm)) {
            throw new MockConfigException("State machine '" + sm + "' is not in the mock config's StateMachines "
                    + stateMachines.keySet());
        }
        TestCase tc = testCases(sm).get(testCase);
        if (tc == null) {
            throw new MockConfigException("Test case '" + testCase + "' is not defined for state machine '" + sm
                    + "'; defined: " + testCases(sm).keySet());
        }
        return tc;
    }

    /**
     * Checks a test case against a state machine definition: every mocked state must be a Task state of it (at any
     * depth: Parallel branches and Map item processors included).
     *
     * @return the problems, empty when the test case fits the definition
     */
    public static List<String> check(TestCase testCase, JsonNode definition) {
        Map<String, String> types = new LinkedHashMap<>();
        collectStates(definition, types);
        List<String> problems = new ArrayList<>();
        for (String state : new java.util.TreeSet<>(testCase.mockedStates().keySet())) {
            String type = types.get(state);
            String path = "StateMachines." + testCase.stateMachine() + ".TestCases." + testCase.name() + "." + state;
            if (type == null) {
                problems.add(path + ": the definition has no state named '" + state + "'");
            } else if (!type.equals("Task")) {
                problems.add(path + ": state '" + state + "' is a " + type + " state; only Task states can be mocked");
            }
        }
        return problems;
    }

    private static void collectStates(JsonNode block, Map<String, String> types) {
        if (block == null || !block.has("States") || !block.get("States").isObject()) {
            return;
        }
        block.get("States").fields().forEachRemaining(e -> {
            JsonNode st = e.getValue();
            types.put(e.getKey(), st.path("Type").asText(""));
            if (st.has("Branches") && st.get("Branches").isArray()) {
                st.get("Branches").forEach(b -> collectStates(b, types));
            }
            collectStates(st.get("Iterator"), types);
            collectStates(st.get("ItemProcessor"), types);
        });
    }
}
