package dev.serverlesscd.asl.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.AslExecutor;
import dev.serverlesscd.asl.AslValidationException;
import dev.serverlesscd.asl.Execution;
import dev.serverlesscd.asl.ExecutionStatus;
import dev.serverlesscd.asl.HistoryEvent;
import dev.serverlesscd.asl.StateMachine;
import dev.serverlesscd.asl.TaskTokenException;
import dev.serverlesscd.asl.mock.MockConfig;
import dev.serverlesscd.asl.mock.MockedTaskBindings;
import dev.serverlesscd.asl.mock.TestCase;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static dev.serverlesscd.asl.api.ApiRequests.bool;
import static dev.serverlesscd.asl.api.ApiRequests.defaultLogging;
import static dev.serverlesscd.asl.api.ApiRequests.defaultTracing;
import static dev.serverlesscd.asl.api.ApiRequests.epoch;
import static dev.serverlesscd.asl.api.ApiRequests.maxResults;
import static dev.serverlesscd.asl.api.ApiRequests.page;
import static dev.serverlesscd.asl.api.ApiRequests.str;
import static dev.serverlesscd.asl.api.ApiRequests.tree;
import static dev.serverlesscd.asl.api.ApiRequests.write;

/**
 * The Step Functions API operations over an {@link AslExecutor}, request and response as the JSON documents of the
 * awsJson1_0 protocol. {@link StepFunctionsServer} puts it on HTTP; it can be called directly too. Thread-safe.
 *
 * <p>Operations: CreateStateMachine, UpdateStateMachine, DescribeStateMachine, ListStateMachines,
 * DeleteStateMachine, StartExecution, DescribeExecution, ListExecutions, GetExecutionHistory, StopExecution,
 * SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat. Errors are thrown as {@link SfnApiException} with the AWS code.
 */
public final class StepFunctionsService {
    /** The Step Functions quota on execution input, task output and the like, in UTF-8 bytes. */
    public static final int MAX_PAYLOAD = 262144;
    static final int MAX_DEFINITION = 1048576;
    static final Set<String> OPERATIONS = Set.of("CreateStateMachine", "UpdateStateMachine", "DescribeStateMachine",
            "ListStateMachines", "DeleteStateMachine", "StartExecution", "DescribeExecution", "ListExecutions",
            "GetExecutionHistory", "StopExecution", "SendTaskSuccess", "SendTaskFailure", "SendTaskHeartbeat");

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper STRICT_REQUEST = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final class Machine {
        final String arn;
        final String name;
        final String type;
        final Instant creationDate;
        final JsonNode logging;
        final JsonNode tracing;
        volatile String roleArn;
        volatile String definition;
        volatile JsonNode definitionTree;
        volatile StateMachine parsed;
        volatile String revisionId = UUID.randomUUID().toString();
        final List<Run> runs = new CopyOnWriteArrayList<>();

        Machine(String arn, String name, String type, Instant creationDate, JsonNode logging, JsonNode tracing) {
            this.arn = arn;
            this.name = name;
            this.type = type;
            this.creationDate = creationDate;
            this.logging = logging;
            this.tracing = tracing;
        }
    }

    /** An execution started through the API, with its input as the caller wrote it. */
    private record Run(Execution execution, String stateMachineArn, String inputText, JsonNode inputTree) {
    }

    private final AslExecutor executor;
    private final String region;
    private final String account;
    private final MockConfig mockConfig;
    private final MockedTaskBindings mocks;
    private final Map<String, Machine> machines = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    /**
     * @param executor   runs the executions
     * @param region     of the ARNs this service makes, e.g. {@code us-east-1}
     * @param account    of the ARNs this service makes, e.g. {@code 123456789012}
     * @param mockConfig with {@code mocks}, lets StartExecution name a test case as Step Functions Local does
     *                   ({@code stateMachineArn#TestCase}); both null otherwise
     * @param mocks      the mocked bindings {@code executor} runs with
     */
    public StepFunctionsService(AslExecutor executor, String region, String account, MockConfig mockConfig,
                                MockedTaskBindings mocks) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.region = Objects.requireNonNull(region, "region");
        this.account = Objects.requireNonNull(account, "account");
        if ((mockConfig == null) != (mocks == null)) {
            throw new IllegalArgumentException("mockConfig and mocks go together");
        }
        this.mockConfig = mockConfig;
        this.mocks = mocks;
    }

    public StepFunctionsService(AslExecutor executor) {
        this(executor, "us-east-1", "123456789012", null, null);
    }

    public AslExecutor executor() {
        return executor;
    }

    public String region() {
        return region;
    }

    public String account() {
        return account;
    }

    /**
     * Runs one operation.
     *
     * @param operation the name after {@code AWSStepFunctions.} in {@code X-Amz-Target}
     * @param request   the request document (a JSON object)
     * @return the response document
     * @throws SfnApiException with the AWS error code
     */
    public ObjectNode handle(String operation, JsonNode request) {
        if (request == null || !request.isObject()) {
            throw new SfnApiException("SerializationException", "The request body must be a JSON object");
        }
        ObjectNode r = (ObjectNode) request;
        return switch (operation == null ? "" : operation) {
            case "CreateStateMachine" -> createStateMachine(r);
            case "UpdateStateMachine" -> updateStateMachine(r);
            case "DescribeStateMachine" -> describeStateMachine(r);
            case "ListStateMachines" -> listStateMachines(r);
            case "DeleteStateMachine" -> deleteStateMachine(r);
            case "StartExecution" -> startExecution(r);
            case "DescribeExecution" -> describeExecution(r);
            case "ListExecutions" -> listExecutions(r);
            case "GetExecutionHistory" -> getExecutionHistory(r);
            case "StopExecution" -> stopExecution(r);
            case "SendTaskSuccess" -> sendTaskSuccess(r);
            case "SendTaskFailure" -> sendTaskFailure(r);
            case "SendTaskHeartbeat" -> sendTaskHeartbeat(r);
            default -> throw new SfnApiException("UnknownOperationException",
                    "Operation " + operation + " is not supported by the local Step Functions endpoint");
        };
    }

    // ---- state machines ----

    private ObjectNode createStateMachine(ObjectNode r) {
        String name = str(r, "name", true, 80);
        String definition = str(r, "definition", true, MAX_DEFINITION);
        String roleArn = str(r, "roleArn", true, 256);
        String type = str(r, "type", false, 20);
        type = type == null ? "STANDARD" : type;
        if (!type.equals("STANDARD") && !type.equals("EXPRESS")) {
            throw SfnApiException.validation("1 validation error detected: Value '" + type
                    + "' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]");
        }
        rejectPublish(r);
        Arns.checkName("name", name);
        Arns.checkRole(roleArn);
        StateMachine parsed = parseDefinition(definition);
        JsonNode tree = tree(definition);
        JsonNode logging = r.has("loggingConfiguration") ? r.get("loggingConfiguration") : defaultLogging();
        JsonNode tracing = r.has("tracingConfiguration") ? r.get("tracingConfiguration") : defaultTracing();
        String arn = "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
        synchronized (machines) {
            Machine existing = machines.get(arn);
            if (existing != null) {
                // CreateStateMachine is idempotent on name, definition, type, logging and tracing (roleArn and tags are ignored)
                if (existing.definitionTree.equals(tree) && existing.type.equals(type) && existing.logging.equals(logging)
                        && existing.tracing.equals(tracing)) {
                    return created(existing);
                }
                throw new SfnApiException("StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
            }
            Machine m = new Machine(arn, name, type, executor.clock().now(), logging, tracing);
            m.roleArn = roleArn;
            m.definition = definition;
            m.definitionTree = tree;
            m.parsed = parsed;
            machines.put(arn, m);
            return created(m);
        }
    }

    private static ObjectNode created(Machine m) {
        ObjectNode out = F.objectNode();
        out.put("stateMachineArn", m.arn);
        out.set("creationDate", epoch(m.creationDate));
        return out;
    }

    private ObjectNode updateStateMachine(ObjectNode r) {
        String arn = str(r, "stateMachineArn", true, 256);
        String definition = str(r, "definition", false, MAX_DEFINITION);
        String roleArn = str(r, "roleArn", false, 256);
        rejectPublish(r);
        Arns.parse(arn, "stateMachine", 7);
        if (definition == null && roleArn == null && !r.has("loggingConfiguration") && !r.has("tracingConfiguration")
                && !r.has("encryptionConfiguration")) {
            throw new SfnApiException("MissingRequiredParameter", "Either the definition, the role ARN, the "
                    + "LoggingConfiguration, the EncryptionConfiguration or the TracingConfiguration must be specified");
        }
        if (roleArn != null) {
            Arns.checkRole(roleArn);
        }
        StateMachine parsed = definition == null ? null : parseDefinition(definition);
        synchronized (machines) {
            Machine m = machine(arn);
            if (parsed != null) {
                m.definition = definition;
                m.definitionTree = tree(definition);
                m.parsed = parsed;
            }
            if (roleArn != null) {
                m.roleArn = roleArn;
            }
            m.revisionId = UUID.randomUUID().toString();
            ObjectNode out = F.objectNode();
            out.set("updateDate", epoch(executor.clock().now()));
            out.put("revisionId", m.revisionId);
            return out;
        }
    }

    private ObjectNode describeStateMachine(ObjectNode r) {
        String arn = str(r, "stateMachineArn", true, 256);
        Arns.parse(arn, "stateMachine", 7);
        Machine m = machine(arn);
        ObjectNode out = F.objectNode();
        out.put("stateMachineArn", m.arn);
        out.put("name", m.name);
        out.put("status", "ACTIVE");
        out.put("definition", m.definition);
        out.put("roleArn", m.roleArn);
        out.put("type", m.type);
        out.set("creationDate", epoch(m.creationDate));
        out.set("loggingConfiguration", m.logging.deepCopy());
        out.set("tracingConfiguration", m.tracing.deepCopy());
        out.put("revisionId", m.revisionId);
        return out;
    }

    private ObjectNode listStateMachines(ObjectNode r) {
        int max = maxResults(r);
        List<Machine> all;
        synchronized (machines) {
            all = new ArrayList<>(machines.values());
        }
        ApiRequests.Page<Machine> page = page(r, "ListStateMachines", all, m -> m.arn, max);
        ObjectNode out = F.objectNode();
        ArrayNode items = out.putArray("stateMachines");
        for (Machine m : page.items()) {
            ObjectNode o = items.addObject();
            o.put("stateMachineArn", m.arn);
            o.put("name", m.name);
            o.put("type", m.type);
            o.set("creationDate", epoch(m.creationDate));
        }
        page.writeToken(out);
        return out;
    }

    /** Deleting removes the state machine at once; its executions keep running and can still be described. */
    private ObjectNode deleteStateMachine(ObjectNode r) {
        String arn = str(r, "stateMachineArn", true, 256);
        Arns.parse(arn, "stateMachine", 7);
        machines.remove(arn);
        return F.objectNode();
    }

    // ---- executions ----

    private ObjectNode startExecution(ObjectNode r) {
        String smArn = str(r, "stateMachineArn", true, 256);
        String name = str(r, "name", false, 80);
        String input = str(r, "input", false, Integer.MAX_VALUE);
        str(r, "traceHeader", false, 256);
        TestCase testCase = null;
        int hash = smArn.indexOf('#');
        if (hash >= 0 && mockConfig != null) {
            String caseName = smArn.substring(hash + 1);
            smArn = smArn.substring(0, hash);
            String smName = Arns.parse(smArn, "stateMachine", 7)[6];
            testCase = mockConfig.findTestCase(smName, caseName).orElseThrow(() -> SfnApiException.validation(
                    "Test case '" + caseName + "' is not defined for state machine '" + smName + "' in the mock config"));
        }
        Arns.parse(smArn, "stateMachine", 7);
        if (name != null) {
            Arns.checkName("name", name);
        }
        String inputText = input == null ? "{}" : input;
        if (inputText.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD) {
            throw SfnApiException.tooLong("input", inputText, MAX_PAYLOAD);
        }
        JsonNode inputTree;
        try {
            inputTree = STRICT_REQUEST.readTree(inputText);
        } catch (JsonProcessingException e) {
            throw new SfnApiException("InvalidExecutionInput", "Invalid State Machine Execution Input: '"
                    + e.getOriginalMessage() + "'");
        }
        if (inputTree == null || inputTree.isMissingNode()) {
            throw new SfnApiException("InvalidExecutionInput", "Invalid State Machine Execution Input: 'empty input'");
        }
        String execName = name == null ? UUID.randomUUID().toString() : name;
        synchronized (machines) {
            Machine m = machine(smArn);
            String execArn = "arn:aws:states:" + region + ":" + account + ":execution:" + m.name + ":" + execName;
            Run existing = runs.get(execArn);
            if (existing != null) {
                // Standard workflows: same name and input while still open is idempotent; anything else is refused
                if (existing.execution.status() == ExecutionStatus.RUNNING && existing.inputTree.equals(inputTree)) {
                    return started(existing.execution);
                }
                throw new SfnApiException("ExecutionAlreadyExists", "Execution Already Exists: '" + execArn + "'");
            }
            if (testCase != null) {
                mocks.assign(execArn, testCase);
            }
            Execution e;
            try {
                e = executor.start(m.parsed, m.arn, execName, inputTree);
            } catch (IllegalArgumentException refused) {
                // the executor is shared and already runs an execution of that ARN, started from Java
                String message = String.valueOf(refused.getMessage());
                throw message.startsWith("ExecutionAlreadyExists")
                        ? new SfnApiException("ExecutionAlreadyExists", "Execution Already Exists: '" + execArn + "'")
                        : SfnApiException.validation(message);
            }
            Run run = new Run(e, m.arn, inputText, inputTree);
            runs.put(e.executionArn(), run);
            m.runs.add(run);
            return started(e);
        }
    }

    private static ObjectNode started(Execution e) {
        ObjectNode out = F.objectNode();
        out.put("executionArn", e.executionArn());
        out.set("startDate", epoch(e.startDate()));
        return out;
    }

    private ObjectNode describeExecution(ObjectNode r) {
        Run run = run(str(r, "executionArn", true, 256));
        Execution e = run.execution;
        ExecutionStatus status = e.status();
        ObjectNode out = F.objectNode();
        out.put("executionArn", e.executionArn());
        out.put("stateMachineArn", run.stateMachineArn);
        out.put("name", e.name());
        out.put("status", status.name());
        out.set("startDate", epoch(e.startDate()));
        if (status != ExecutionStatus.RUNNING && e.stopDate() != null) {
            out.set("stopDate", epoch(e.stopDate()));
        }
        out.put("input", run.inputText);
        out.putObject("inputDetails").put("included", true);
        if (status == ExecutionStatus.SUCCEEDED) {
            out.put("output", write(e.output()));
            out.putObject("outputDetails").put("included", true);
        } else if (status != ExecutionStatus.RUNNING) {
            if (e.error() != null) {
                out.put("error", e.error());
            }
            if (e.cause() != null) {
                out.put("cause", e.cause());
            }
        }
        return out;
    }

    private ObjectNode listExecutions(ObjectNode r) {
        String smArn = str(r, "stateMachineArn", false, 256);
        String filter = str(r, "statusFilter", false, 20);
        if (r.hasNonNull("mapRunArn")) {
            throw SfnApiException.validation("mapRunArn is not supported by the local Step Functions endpoint");
        }
        if (smArn == null) {
            throw SfnApiException.validation("Must provide a StateMachine ARN or MapRun ARN");
        }
        Arns.parse(smArn, "stateMachine", 7);
        if (filter != null && !Set.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE")
                .contains(filter)) {
            throw SfnApiException.validation("1 validation error detected: Value '" + filter + "' at 'statusFilter' failed to "
                    + "satisfy constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, "
                    + "ABORTED, FAILED, RUNNING]");
        }
        int max = maxResults(r);
        Machine m = machine(smArn);
        List<Run> newestFirst = new ArrayList<>(m.runs);
        Collections.reverse(newestFirst);
        if (filter != null) {
            newestFirst.removeIf(run -> !run.execution.status().name().equals(filter));
        }
        ApiRequests.Page<Run> page = page(r, "ListExecutions|" + smArn + "|" + filter, newestFirst,
                run -> run.execution.executionArn(), max);
        ObjectNode out = F.objectNode();
        ArrayNode items = out.putArray("executions");
        for (Run run : page.items()) {
            Execution e = run.execution;
            ExecutionStatus status = e.status();
            ObjectNode o = items.addObject();
            o.put("executionArn", e.executionArn());
            o.put("stateMachineArn", run.stateMachineArn);
            o.put("name", e.name());
            o.put("status", status.name());
            o.set("startDate", epoch(e.startDate()));
            if (status != ExecutionStatus.RUNNING && e.stopDate() != null) {
                o.set("stopDate", epoch(e.stopDate()));
            }
        }
        page.writeToken(out);
        return out;
    }

    private ObjectNode getExecutionHistory(ObjectNode r) {
        Run run = run(str(r, "executionArn", true, 256));
        int max = maxResults(r);
        boolean reverse = bool(r, "reverseOrder");
        boolean includeData = !r.has("includeExecutionData") || bool(r, "includeExecutionData");
        List<HistoryEvent> events = new ArrayList<>(run.execution.history());
        if (reverse) {
            Collections.reverse(events);
        }
        ApiRequests.Page<HistoryEvent> page = page(r, "GetExecutionHistory|" + run.execution.executionArn() + "|" + reverse, events,
                ev -> Long.toString(ev.id()), max);
        ObjectNode out = F.objectNode();
        ArrayNode items = out.putArray("events");
        for (HistoryEvent ev : page.items()) {
            ObjectNode o = items.addObject();
            o.set("timestamp", epoch(ev.timestamp()));
            o.put("type", ev.type());
            o.put("id", ev.id());
            o.put("previousEventId", ev.previousEventId());
            ev.details().fields().forEachRemaining(d -> {
                JsonNode value = d.getValue().deepCopy();
                if (!includeData && value.isObject()) {
                    stripData((ObjectNode) value);
                }
                o.set(d.getKey(), value);
            });
        }
        page.writeToken(out);
        return out;
    }

    private static void stripData(ObjectNode details) {
        details.remove(List.of("input", "output", "parameters"));
    }

    private ObjectNode stopExecution(ObjectNode r) {
        String arn = str(r, "executionArn", true, 256);
        String error = str(r, "error", false, 256);
        String cause = str(r, "cause", false, 32768);
        Run run = run(arn);
        run.execution.stop(error, cause);
        ObjectNode out = F.objectNode();
        Instant stop = run.execution.stopDate();
        out.set("stopDate", epoch(stop == null ? executor.clock().now() : stop));
        return out;
    }

    // ---- task tokens ----

    private ObjectNode sendTaskSuccess(ObjectNode r) {
        String token = str(r, "taskToken", true, 2048);
        String output = str(r, "output", true, Integer.MAX_VALUE);
        if (output.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD) {
            throw SfnApiException.tooLong("output", output, MAX_PAYLOAD);
        }
        JsonNode tree;
        try {
            tree = STRICT_REQUEST.readTree(output);
        } catch (JsonProcessingException e) {
            throw new SfnApiException("InvalidOutput", "Invalid Output: '" + e.getOriginalMessage() + "'");
        }
        if (tree == null || tree.isMissingNode()) {
            throw new SfnApiException("InvalidOutput", "Invalid Output: 'empty output'");
        }
        try {
            executor.sendTaskSuccess(token, tree);
        } catch (TaskTokenException e) {
            throw tokenError(e);
        }
        return F.objectNode();
    }

    private ObjectNode sendTaskFailure(ObjectNode r) {
        String token = str(r, "taskToken", true, 2048);
        String error = str(r, "error", false, 256);
        String cause = str(r, "cause", false, 32768);
        try {
            executor.sendTaskFailure(token, error, cause);
        } catch (TaskTokenException e) {
            throw tokenError(e);
        }
        return F.objectNode();
    }

    private ObjectNode sendTaskHeartbeat(ObjectNode r) {
        String token = str(r, "taskToken", true, 2048);
        try {
            executor.sendTaskHeartbeat(token);
        } catch (TaskTokenException e) {
            throw tokenError(e);
        }
        return F.objectNode();
    }

    private static SfnApiException tokenError(TaskTokenException e) {
        String message = e.getMessage();
        String prefix = e.errorCode() + ": ";
        return new SfnApiException(e.errorCode(), message.startsWith(prefix) ? message.substring(prefix.length()) : message);
    }

    // ---- helpers ----

    private Machine machine(String arn) {
        Machine m = machines.get(arn);
        if (m == null) {
            throw new SfnApiException("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
        }
        return m;
    }

    /** An execution started through this API, or else one the (shared) executor started from Java. */
    private Run run(String executionArn) {
        Arns.parse(executionArn, "execution", 8);
        Run run = runs.get(executionArn);
        if (run == null) {
            Execution e = executor.execution(executionArn);
            if (e != null) {
                return new Run(e, e.stateMachineArn(), write(e.input()), e.input());
            }
            throw new SfnApiException("ExecutionDoesNotExist", "Execution Does Not Exist: '" + executionArn + "'");
        }
        return run;
    }

    private static StateMachine parseDefinition(String definition) {
        try {
            return StateMachine.parse(definition);
        } catch (AslValidationException e) {
            throw new SfnApiException("InvalidDefinition", "Invalid State Machine Definition: '"
                    + String.join(", ", e.problems()) + "'");
        }
    }

    private static void rejectPublish(ObjectNode r) {
        if (r.path("publish").asBoolean(false)) {
            throw SfnApiException.validation("publish: state machine versions are not supported by the local Step Functions "
                    + "endpoint");
        }
    }

}
