package dev.serverlesscd.asl.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The payload size check counts what {@link Json#write} would print, in UTF-8 bytes, without printing it. */
@Tag("unit")
class JsonTest {
    @Test
    void the_counted_size_is_the_written_size() {
        List<String> docs = List.of("{}", "[]", "null", "true", "false", "0", "-12", "9223372036854775807",
                "-9223372036854775808", "1.5", "1e300", "123456789012345678901234567890", "\"\"",
                "{\"a\":[1,2,{\"b\":null}],\"c\":\"x\\\"y\\\\z\\n\\t\\u0001\"}",
                "{\"é\":\"ü€😀\",\"k\":[\"\\u007f\",\"\\u0800\"]}", "[1.25,-0.5,3.0E-10,true,false,null]");
        for (String text : docs) {
            JsonNode node = Json.parse(text);
            int size = Json.utf8Size(node);
            assertThat(Json.utf8SizeExceeds(node, size)).as(text).isFalse();
            assertThat(Json.utf8SizeExceeds(node, size - 1)).as(text).isTrue();
        }
    }
}
