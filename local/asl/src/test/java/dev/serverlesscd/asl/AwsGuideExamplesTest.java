package dev.serverlesscd.asl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The examples of the AWS Step Functions developer guide, one JSON fixture each under {@code src/test/resources/aws-guide}
 * (see the README there): {@code page} (the guide page's title), {@code url}, {@code title}, {@code basis} (what the
 * page itself shows for this example, and where the expectation comes from), {@code definition}, {@code input},
 * {@code bindings} (resource -> a canned behaviour standing in for the Lambda the example calls) and {@code expect}
 * (status, output or error/cause, the states entered in order, and the inputs each resource was called with).
 */
@Tag("unit")
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
            for (String field : List.of("page", "url", "title", "basis", "definition", "expect")) {
                assertThat(fixture.hasNonNull(field)).as("%s has a %s", file.getFileName(), field).isTrue();
            }
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
        Map<String, List<JsonNode>> calls = new ConcurrentHashMap<>();
        fixture.path("bindings").fields().forEachRemaining(e -> {
            List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
            calls.put(e.getKey(), received);
            TaskBinding behaviour = behaviour(e.getValue());
            bindings.bind(e.getKey(), invocation -> {
                received.add(invocation.arguments());
                return behaviour.invoke(invocation);
            });
        });
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
        if (expect.has("entered")) {
            List<String> entered = execution.history().stream().filter(h -> h.type().endsWith("StateEntered"))
                    .map(h -> h.details().path("stateEnteredEventDetails").path("name").asText()).toList();
            assertThat(entered).as("states entered")
                    .containsExactlyElementsOf(AslTestSupport.MAPPER.convertValue(expect.get("entered"), List.class));
        }
        if (expect.has("taskInputs")) {
            expect.get("taskInputs").fields().forEachRemaining(e -> {
                List<JsonNode> expected = new ArrayList<>();
                e.getValue().forEach(expected::add);
                assertThat(calls.getOrDefault(e.getKey(), List.of())).as("inputs of %s", e.getKey())
                        .containsExactlyInAnyOrderElementsOf(expected);
            });
        }
    }

    /**
     * {"return": x} | {"echo": true} | {"fail": {"error", "cause"?}} | {"failSequence": [{"error", "cause"?}, ...]} (one
     * failure a call, then echo) | {"sum": true} | {"difference": true} | {"hello": true} | {"lambdaPayload": x}.
     */
    private static TaskBinding behaviour(JsonNode spec) {
        AtomicInteger call = new AtomicInteger();
        return invocation -> {
            JsonNode args = invocation.arguments();
            if (spec.has("return")) {
                return spec.get("return");
            }
            if (spec.has("fail")) {
                throw failure(spec.get("fail"));
            }
            if (spec.has("failSequence")) {
                int n = call.getAndIncrement();
                if (n < spec.get("failSequence").size()) {
                    throw failure(spec.get("failSequence").get(n));
                }
                return args;
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

    private static AslError failure(JsonNode f) {
        return new AslError(f.path("error").asText(), f.has("cause") ? f.get("cause").asText() : null);
    }
}
