package dev.serverlesscd.functions.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A task function invoked as Lambda invokes it: the event's JSON as its input stream, its answer read back. */
public final class StreamHandlers {
    private StreamHandlers() {
    }

    /** {@code handler}'s answer to {@code json} (no Lambda context). */
    public static JsonNode invoke(RequestStreamHandler handler, String json) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.MAPPER.readTree(out.toByteArray());
    }
}
