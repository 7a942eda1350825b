package dev.serverlesscd.local.bindings;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.AslError;
import dev.serverlesscd.asl.TaskBinding;
import dev.serverlesscd.asl.TaskInvocation;
import dev.serverlesscd.functions.common.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;

/**
 * {@code arn:aws:states:::lambda:invoke} (and {@code .waitForTaskToken}) bound to handler classes in-process:
 * the handler gets the task's {@code Payload} as the bytes Lambda would give it, and the state gets what the
 * optimized Lambda integration returns ({@code {"ExecutedVersion", "Payload", "StatusCode"}}).
 *
 * <p>A handler's exception fails the task as Lambda reports an unhandled Java exception: the error is the
 * exception's class name, the cause the {@code {"errorMessage", "errorType", "stackTrace"}} document.
 */
public final class LambdaBinding implements TaskBinding {
    private static final String ARN_PREFIX = "arn:aws:lambda:local:000000000000:function:";
    private final Map<String, RequestStreamHandler> handlers;

    /**
     * @param handlers the handler for each function name (e.g. {@code gate}), looked up at each invocation: the local
     *                 runtime binds its handlers once its Step Functions API is up, before any execution starts
     */
    public LambdaBinding(Map<String, RequestStreamHandler> handlers) {
        this.handlers = Collections.unmodifiableMap(handlers);
    }

    /** The ARN the local runtime substitutes for a function's placeholder. */
    public static String functionArn(String functionName) {
        return ARN_PREFIX + functionName;
    }

    @Override
    public JsonNode invoke(TaskInvocation invocation) {
        String function = invocation.arguments().path("FunctionName").asText("");
        String name = function.startsWith(ARN_PREFIX) ? function.substring(ARN_PREFIX.length()) : function;
        RequestStreamHandler handler = handlers.get(name);
        if (handler == null) {
            throw new AslError("Lambda.ResourceNotFoundException",
                    "Function not found: " + function + " (local functions: " + handlers.keySet() + ")");
        }
        JsonNode payload = invocation.arguments().path("Payload");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            byte[] in = Json.MAPPER.writeValueAsBytes(payload.isMissingNode() ? Json.MAPPER.createObjectNode() : payload);
            handler.handleRequest(new ByteArrayInputStream(in), out,
                    new LocalLambdaContext(name, LocalLambdaContext.stderrLogger(name)));
        } catch (Exception | Error e) {
            throw new AslError(e.getClass().getName(), errorDocument(e));
        }
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.put("ExecutedVersion", "$LATEST");
        result.set("Payload", parse(out.toByteArray(), name));
        result.put("StatusCode", 200);
        return result;
    }

    private static JsonNode parse(byte[] output, String function) {
        if (output.length == 0) {
            return Json.MAPPER.nullNode();
        }
        try {
            return Json.MAPPER.readTree(output);
        } catch (IOException e) {
            throw new AslError("Lambda.InvalidResponseException", function + " returned output that is not JSON: " + e.getMessage());
        }
    }

    private static String errorDocument(Throwable e) {
        ObjectNode error = Json.MAPPER.createObjectNode();
        error.put("errorMessage", String.valueOf(e.getMessage()));
        error.put("errorType", e.getClass().getName());
        ArrayNode trace = error.putArray("stackTrace");
        StackTraceElement[] frames = e.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 10); i++) {
            trace.add(frames[i].toString());
        }
        return error.toString();
    }
}
