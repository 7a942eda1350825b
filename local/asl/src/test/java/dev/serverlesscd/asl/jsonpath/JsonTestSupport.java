package dev.serverlesscd.asl.jsonpath;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

final class JsonTestSupport {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonTestSupport() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Bad test JSON: " + text, e);
        }
    }

    static JsonNode resource(String name) {
        try (InputStream in = JsonTestSupport.class.getResourceAsStream("/jsonpath/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No test resource /jsonpath/" + name);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
