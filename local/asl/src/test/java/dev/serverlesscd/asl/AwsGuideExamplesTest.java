package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of the AWS Step Functions developer guide, one JSON fixture each under {@code src/test/resources/aws-guide}:
 * {@code page} (the guide page), {@code title}, {@code definition}, {@code input}, {@code bindings} (resource -> a
 * canned behaviour standing in for the Lambda the example calls) and {@code expect} (status, output or error/cause).
 */
class AwsGuideExamplesTest {

    @TestFactory
    Stream<DynamicTest> every_guide_example_produces_the_documented_output() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/aws-guide").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        return files.stream().map(file -> {
            JsonNode fixture = read(file);
            String name = fixture.path("page").asText() + " — " + fixture.path("title").asText() + " [" + file.getFileName() + "]";
            return DynamicTest.dynamicTest(name, () -> check(fixture));
        });
    }

    private static JsonNode read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return AslTestSupport.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(file.toString(), e);
        }
    }

    private static void check(JsonNode fixture) throws Exception {
        // GIVEN the example's definition, input, and stand-ins for the resources it calls
        StateMachine sm = StateMachine.parse(AslTestSupport.MAPPER.writeValueAsString(fixture.get("definition")));
        TaskBindings.Builder bindings = TaskBindings.builder();
        fixture.path("bindings").fields().forEachRemaining(e -> bindings.bind(e.getKey(), behaviour(e.getValue())));
        JsonNode expect = fixture.get("expect");

        // WHEN it runs
        Execution execution;
        try (AslExecutor executor = new AslExecutor(bindings.build(), new AutoAdvanceClock())) {
            execution = executor.run(sm, AslTestSupport.SM_ARN, "guide", fixture.get("input"));
        }

        // THEN it ends as the guide documents
        assertThat(execution.status()).as("status; history %s", AslTestSupport.types(execution))
                .isEqualTo(ExecutionStatus.valueOf(expect.path("status").asText("SUCCEEDED")));
        if (expect.has("output")) {
            assertThat(AslTestSupport.MAPPER.readTree(AslTestSupport.MAPPER.writeValueAsString(execution.output())))
                    .isEqualTo(expect.get("output"));
        }
        if (expect.has("error")) {
            assertThat(execution.error()).isEqualTo(expect.get("error").asText());
        }
        if (expect.has("cause")) {
            assertThat(execution.cause()).isEqualTo(expect.get("cause").asText());
        }
        if (expect.has("causeContains")) {
            assertThat(execution.cause()).contains(expect.get("causeContains").asText());
        }
    }

    /** {"return": x} | {"echo": true} | {"fail": {"error", "cause"}} | {"sum": true} | {"difference": true} | {"hello": true}. */
    private static TaskBinding behaviour(JsonNode spec) {
        return invocation -> {
            JsonNode args = invocation.arguments();
            if (spec.has("return")) {
                return spec.get("return");
            }
            if (spec.has("fail")) {
                throw new AslError(spec.get("fail").path("error").asText(), spec.get("fail").path("cause").asText());
            }
            if (spec.has("sum")) {
                return JsonNodeFactory.instance.numberNode(args.get(0).asLong() + args.get(1).asLong());
            }
            if (spec.has("difference")) {
                return JsonNodeFactory.instance.numberNode(args.get(0).asLong() - args.get(1).asLong());
            }
            if (spec.has("hello")) {
                return JsonNodeFactory.instance.textNode("Hello, " + args.path("who").asText() + "!");
            }
            if (spec.has("lambdaPayload")) {
                var o = JsonNodeFactory.instance.objectNode();
                o.put("StatusCode", 200);
                o.set("Payload", spec.get("lambdaPayload"));
                return o;
            }
            return args;
        };
    }
}
