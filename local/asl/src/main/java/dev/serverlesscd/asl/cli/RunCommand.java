package dev.serverlesscd.asl.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.AslExecutor;
import dev.serverlesscd.asl.AslValidationException;
import dev.serverlesscd.asl.AutoAdvanceClock;
import dev.serverlesscd.asl.Execution;
import dev.serverlesscd.asl.ExecutionStatus;
import dev.serverlesscd.asl.StateMachine;
import dev.serverlesscd.asl.TaskBindings;
import dev.serverlesscd.asl.mock.MockConfig;
import dev.serverlesscd.asl.mock.MockConfigException;
import dev.serverlesscd.asl.mock.MockedTaskBindings;
import dev.serverlesscd.asl.mock.TestCase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code asl run}: one execution of a definition, Wait states and retry back-off skipped in time (an
 * {@link AutoAdvanceClock}), and one JSON object on stdout: {@code {"status": ..., "output": ...}} when it succeeded,
 * {@code {"status": ..., "error": ..., "cause": ...}} otherwise. Exit code 0 whatever the status; 2 with the problem on
 * stderr when the definition, the input or the mock config cannot be used.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one execution of a state machine and print {\"status\", \"output\" | \"error\", \"cause\"} as JSON.")
public class RunCommand implements Callable<Integer> {
    static final int INVALID = 2;
    private static final int MAX_INPUT = 262144;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    @Spec
    CommandSpec spec;

    @Option(names = "--definition", required = true, paramLabel = "FILE", description = "The ASL definition (JSON).")
    Path definition;

    @Option(names = "--input", paramLabel = "JSON|@FILE", defaultValue = "{}",
            description = "The execution input: JSON text, or @ and a file holding it. Default: ${DEFAULT-VALUE}.")
    String input;

    @Option(names = "--mock-config", paramLabel = "FILE",
            description = "A Step Functions Local mock configuration (MockConfigFile.json); needs --test-case.")
    Path mockConfig;

    @Option(names = "--test-case", paramLabel = "NAME", description = "The test case of the mock config to run.")
    String testCase;

    @Option(names = "--state-machine", paramLabel = "NAME",
            description = "The state machine's name in the mock config (default: the only one there) and in the ARNs.")
    String stateMachineName;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Real seconds to wait for the end (a task waiting for a token nobody sends); then the "
                    + "execution is stopped and reported ABORTED. Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    private final TaskBindings bindings;

    public RunCommand() {
        this(TaskBindings.none());
    }

    /** With the real bindings for Task resources; a mock config's test case answers the states it names first. */
    public RunCommand(TaskBindings bindings) {
        this.bindings = Objects.requireNonNull(bindings, "bindings");
    }

    /** A reason to exit 2. */
    private static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ObjectNode result = execute();
            out.println(JSON.writeValueAsString(result));
            out.flush();
            return 0;
        } catch (Invalid e) {
            err.println("asl run: " + e.getMessage());
            err.flush();
            return INVALID;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode execute() throws Invalid {
        if (timeoutSeconds < 1) {
            throw new Invalid("--timeout must be at least 1 second");
        }
        String text = readFile(definition, "definition");
        StateMachine machine = parseDefinition(text);
        warnOfPlaceholders(placeholders(text));
        JsonNode in = parseInput();
        TestCase tc = loadTestCase(machine);
        String smName = stateMachineName != null ? stateMachineName : tc != null ? tc.stateMachine() : nameFromFile();

        MockedTaskBindings mocks = tc == null ? null : new MockedTaskBindings(bindings, tc);
        try (AslExecutor executor = new AslExecutor(mocks == null ? bindings : mocks.bindings(), new AutoAdvanceClock())) {
            if (mocks != null) {
                mocks.attach(executor);
            }
            Execution e = executor.start(machine, "arn:aws:states:us-east-1:123456789012:stateMachine:" + smName,
                    UUID.randomUUID().toString(), in);
            try {
                if (!e.awaitCompletion(Duration.ofSeconds(timeoutSeconds))) {
                    e.stop("asl.RunTimeout", "asl run stopped the execution after " + timeoutSeconds
                            + " s of real time (see --timeout)");
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                e.stop("asl.Interrupted", "asl run was interrupted");
            }
            return summary(e);
        }
    }

    static ObjectNode summary(Execution e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", e.status().name());
        if (e.status() == ExecutionStatus.SUCCEEDED) {
            o.set("output", e.output());
        } else {
            o.put("error", e.error());
            o.put("cause", e.cause());
        }
        return o;
    }

    /**
     * The {@code ${Name}} tokens of a definition's text: CloudFormation's and CDK's {@code DefinitionSubstitutions}
     * replace them before Step Functions sees the definition; {@code asl run} does not.
     */
    static Set<String> placeholders(String definitionText) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(definitionText);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private void warnOfPlaceholders(Set<String> names) {
        if (names.isEmpty()) {
            return;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("asl run: " + definition + " has " + names.size() + " unbound ${...} placeholder"
                + (names.size() == 1 ? "" : "s") + ": " + String.join(", ", names));
        err.println("  they are DefinitionSubstitutions (CloudFormation, CDK) and asl run does not substitute them:"
                + " the states that use them run with the text ${Name}, so their tasks fail unless a mock config"
                + " (--mock-config, --test-case) answers them");
        err.flush();
    }

    private StateMachine parseDefinition(String text) throws Invalid {
        try {
            return StateMachine.parse(text);
        } catch (AslValidationException e) {
            // AWS's answer names the error code and the problems: InvalidDefinition: Invalid State Machine
            // Definition: '...'. The bullets repeat the problems one a line.
            throw new Invalid("invalid definition " + definition + " (CreateStateMachine would refuse it):"
                    + " InvalidDefinition: Invalid State Machine Definition: '" + String.join(", ", e.problems()) + "'"
                    + bullets(e.problems()));
        }
    }

    private JsonNode parseInput() throws Invalid {
        String text = input;
        String source = "--input";
        if (input.startsWith("@")) {
            Path file = Path.of(input.substring(1));
            text = readFile(file, "input");
            source = "input file " + file;
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_INPUT) {
            throw new Invalid(source + " is larger than the 262144 bytes StartExecution takes");
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new Invalid(source + " is empty; give JSON such as {}");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new Invalid(source + " is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
    }

    private TestCase loadTestCase(StateMachine machine) throws Invalid {
        if (mockConfig == null) {
            if (testCase != null) {
                throw new Invalid("--test-case needs --mock-config");
            }
            return null;
        }
        if (testCase == null) {
            throw new Invalid("--mock-config needs --test-case NAME");
        }
        try {
            MockConfig config = MockConfig.read(mockConfig);
            TestCase tc = config.testCase(stateMachineName, testCase);
            List<String> problems = MockConfig.check(tc, machine.definition());
            if (!problems.isEmpty()) {
                throw new Invalid("mock config " + mockConfig + " does not fit " + definition + ":" + bullets(problems));
            }
            return tc;
        } catch (MockConfigException e) {
            throw new Invalid("invalid mock config " + mockConfig + ":" + bullets(e.problems()));
        }
    }

    private static String readFile(Path file, String what) throws Invalid {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new Invalid(what + " file not found: " + file);
        } catch (IOException e) {
            throw new Invalid(what + " file " + file + " cannot be read: " + e);
        }
    }

    private String nameFromFile() {
        String base = definition.getFileName().toString().replaceFirst("(\\.asl)?\\.json$", "");
        String name = base.replaceAll("[^A-Za-z0-9_-]", "-");
        return name.isEmpty() ? "StateMachine" : name.length() > 80 ? name.substring(0, 80) : name;
    }

    private static String bullets(List<String> problems) {
        StringBuilder b = new StringBuilder();
        for (String p : problems) {
            b.append(System.lineSeparator()).append("  - ").append(p);
        }
        return b.toString();
    }
}
