package dev.serverlesscd.functions.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JavaType;
import dev.serverlesscd.functions.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Base of the state machine's task handlers: the JSON the state machine sends (the {@code Payload} of a
 * {@code lambda:invoke} task) is read into a record with the project's mapper, and the result written back as
 * JSON. Lambda and the local runtime call {@link #handleRequest} with the same bytes.
 *
 * <p>An exception escapes as Lambda reports it: Step Functions sees the exception's class name as the error.
 */
public abstract class JsonHandler<I, O> implements RequestStreamHandler {
    private final JavaType inputType;

    protected JsonHandler(Class<I> inputType) {
        this.inputType = Json.MAPPER.getTypeFactory().constructType(inputType);
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        I request = Json.MAPPER.readValue(input, inputType);
        O result = handle(request);
        Json.MAPPER.writeValue(output, result);
    }

    /** {@code json} read as the handler reads its input (priming reads a request so the mapper's classes load). */
    protected final I read(String json) {
        try {
            return Json.MAPPER.readValue(json, inputType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The handler's work: map the request to a service call and the service's answer to the result. */
    protected abstract O handle(I request);
}
