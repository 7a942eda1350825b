package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.json.Json;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Runs state machines in-process, one thread per execution plus one per running Parallel branch, Map iteration and
 * task invocation. Thread-safe; one per runtime. Task callbacks ({@code SendTask*}) go through it.
 */
public final class AslExecutor implements AutoCloseable {
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    private static final Pattern TOKEN = Pattern.compile("AQ[A-Za-z0-9_-]{60,}");

    private final TaskBindings bindings;
    private final AslClock clock;
    private final List<ExecutionListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, PendingTask> tokens = new ConcurrentHashMap<>();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private final SecureRandom random = new SecureRandom();
    private volatile StatePacing pacing = StatePacing.NONE;

    /** A task waiting for SendTaskSuccess/Failure. */
    static final class PendingTask {
        final String token;
        final Execution execution;
        final CompletableFuture<JsonNode> result = new CompletableFuture<>();
        volatile Instant lastHeartbeat;
        volatile boolean closed;

        PendingTask(String token, Execution execution, Instant now) {
            this.token = token;
            this.execution = execution;
            this.lastHeartbeat = now;
        }
    }

    public AslExecutor(TaskBindings bindings, AslClock clock) {
        this(bindings, clock, null);
    }

    public AslExecutor(TaskBindings bindings, AslClock clock, ExecutionListener listener) {
        this.bindings = Objects.requireNonNull(bindings, "bindings");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (listener != null) {
            listeners.add(listener);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "asl-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newCachedThreadPool(threads);
    }

    public void addListener(ExecutionListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public AslClock clock() {
        return clock;
    }

    /** What executions wait for before each state they enter ({@link StatePacing#NONE} unless set). */
    public void pace(StatePacing pacing) {
        this.pacing = Objects.requireNonNull(pacing, "pacing");
    }

    StatePacing pacing() {
        return pacing;
    }

    TaskBindings bindings() {
        return bindings;
    }

    ExecutorService pool() {
        return pool;
    }

    /**
     * StartExecution: runs asynchronously and returns at once.
     *
     * @param stateMachineArn e.g. {@code arn:aws:states:us-east-1:123456789012:stateMachine:Pipeline}; region and account
     *                        of the execution ARN come from it
     * @param executionName   null for a random UUID name
     * @throws IllegalArgumentException if the input is over 256 KiB or an execution of that ARN is still running
     */
    public Execution start(StateMachine stateMachine, String stateMachineArn, String executionName, JsonNode input) {
        JsonNode in = input == null ? Json.obj() : input.deepCopy();
        if (Json.utf8Size(in) > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("InvalidExecutionInput: the input is larger than 262144 bytes");
        }
        String name = executionName == null ? UUID.randomUUID().toString() : executionName;
        Arns arns = Arns.of(stateMachineArn, name);
        Execution[] holder = new Execution[1];
        Execution execution = new Execution(arns.executionArn(), name, arns.stateMachineArn(), stateMachine, in, clock.now(),
                event -> {
                    for (ExecutionListener l : listeners) {
                        try {
                            l.onEvent(holder[0], event);
                        } catch (RuntimeException ignored) {
                            // a listener must not break the execution
                        }
                    }
                });
        holder[0] = execution;
        execution.clock(clock::now);
        Execution running = executions.get(arns.executionArn());
        if (running != null && running.status() == ExecutionStatus.RUNNING) {
            throw new IllegalArgumentException("ExecutionAlreadyExists: " + arns.executionArn());
        }
        executions.put(arns.executionArn(), execution);
        Runner runner = new Runner(this, execution, arns);
        runner.recordStart();
        pool.submit(runner::run);
        return execution;
    }

    /** StartExecution and wait until it ends (use with {@link AutoAdvanceClock} or {@link SystemAslClock}). */
    public Execution run(StateMachine stateMachine, String stateMachineArn, String executionName, JsonNode input) {
        Execution e = start(stateMachine, stateMachineArn, executionName, input);
        try {
            e.awaitCompletion(Duration.ofDays(365));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            e.stop("States.Aborted", "interrupted while waiting for the execution");
        }
        return e;
    }

    /** The execution with this ARN, if this executor started it. */
    public Execution execution(String executionArn) {
        return executions.get(executionArn);
    }

    public List<Execution> executions() {
        return List.copyOf(executions.values());
    }

    // ---- task tokens ----

    String newToken(Execution execution) {
        byte[] bytes = new byte[72];
        random.nextBytes(bytes);
        String token = "AQ" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.put(token, new PendingTask(token, execution, clock.now()));
        return token;
    }

    PendingTask pending(String token) {
        return tokens.get(token);
    }

    private PendingTask open(String token) throws TaskTokenException {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new TaskTokenException("InvalidToken", "Invalid token");
        }
        PendingTask p = tokens.get(token);
        if (p == null) {
            throw new TaskTokenException("TaskDoesNotExist", "Task does not exist anymore");
        }
        if (p.closed || p.result.isDone() || p.execution.status() != ExecutionStatus.RUNNING) {
            throw new TaskTokenException("TaskTimedOut", "Task Timed Out: '" + token.substring(0, 12) + "...'");
        }
        return p;
    }

    public void sendTaskSuccess(String token, JsonNode output) throws TaskTokenException {
        PendingTask p = open(token);
        if (!p.result.complete(output == null ? Json.obj() : output.deepCopy())) {
            throw new TaskTokenException("TaskTimedOut", "Task Timed Out");
        }
    }

    public void sendTaskFailure(String token, String error, String cause) throws TaskTokenException {
        PendingTask p = open(token);
        if (!p.result.completeExceptionally(new AslError(error == null ? "" : error, cause == null ? "" : cause))) {
            throw new TaskTokenException("TaskTimedOut", "Task Timed Out");
        }
    }

    public void sendTaskHeartbeat(String token) throws TaskTokenException {
        PendingTask p = open(token);
        p.lastHeartbeat = clock.now();
    }

    /** Stops every running execution and the threads. */
    @Override
    public void close() {
        for (Execution e : executions.values()) {
            e.stop("States.Aborted", "executor closed");
        }
        pool.shutdownNow();
    }

    /** ARNs derived from the state machine ARN. */
    record Arns(String stateMachineArn, String executionArn, String region, String account, String stateMachineName,
                String roleArn) {
        static Arns of(String stateMachineArn, String executionName) {
            String region = "us-east-1";
            String account = "123456789012";
            String smName = "StateMachine";
            String smArn = stateMachineArn;
            String[] parts = stateMachineArn == null ? new String[0] : stateMachineArn.split(":");
            if (parts.length >= 7 && parts[0].equals("arn") && parts[5].equals("stateMachine")) {
                region = parts[3];
                account = parts[4];
                smName = parts[6];
            } else {
                if (stateMachineArn != null && !stateMachineArn.isBlank() && !stateMachineArn.startsWith("arn:")) {
                    smName = stateMachineArn;
                }
                smArn = "arn:aws:states:" + region + ":" + account + ":stateMachine:" + smName;
            }
            String partition = parts.length > 1 && parts[0].equals("arn") ? parts[1] : "aws";
            return new Arns(smArn, "arn:" + partition + ":states:" + region + ":" + account + ":execution:" + smName + ":"
                    + executionName, region, account, smName,
                    "arn:" + partition + ":iam::" + account + ":role/service-role/StepFunctions-" + smName + "-role");
        }
    }

    static ObjectNode truncatedFalse() {
        ObjectNode o = Json.obj();
        o.put("truncated", false);
        return o;
    }
}
