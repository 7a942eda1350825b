package dev.serverlesscd.asl.jsonpath;

import static dev.serverlesscd.asl.jsonpath.JsonTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class JsonPathsTest {

    @Nested
    class Read {
        // Docs: "Using JSONPath paths" (amazon-states-language-paths), Reference Paths example
        private final JsonNode docsInput = json("{\"foo\": 123, \"bar\": [\"a\", \"b\", \"c\"], \"car\": {\"cdr\": true}}");

        @Test
        void readsTheReferencePathExamplesOfTheDocs() {
            // GIVEN the input of the docs' reference path example
            // WHEN / THEN
            assertThat(JsonPaths.read(docsInput, "$.foo")).isEqualTo(json("123"));
            assertThat(JsonPaths.read(docsInput, "$.bar")).isEqualTo(json("[\"a\", \"b\", \"c\"]"));
            assertThat(JsonPaths.read(docsInput, "$.car.cdr")).isEqualTo(json("true"));
        }

        @Test
        void dollarAloneSelectsTheWholeDocumentAsACopy() {
            // GIVEN
            JsonNode doc = json("{\"a\": {\"b\": 1}}");
            // WHEN
            JsonNode result = JsonPaths.read(doc, "$");
            ((com.fasterxml.jackson.databind.node.ObjectNode) result).put("mutated", true);
            // THEN
            assertThat(doc).isEqualTo(json("{\"a\": {\"b\": 1}}"));
        }

        @Test
        void bracketNotationReadsFieldNamesWithSpacesAndPunctuation() {
            // GIVEN field names that need bracket notation (docs: "$.abc.['def ghi']")
            JsonNode doc = json("{\"a b\": 1, \"abc\": {\"def ghi\": 2}, \"x-y\": 3}");
            // WHEN / THEN
            assertThat(JsonPaths.read(doc, "$['a b']")).isEqualTo(json("1"));
            assertThat(JsonPaths.read(doc, "$.abc['def ghi']")).isEqualTo(json("2"));
            assertThat(JsonPaths.read(doc, "$['x-y']")).isEqualTo(json("3"));
        }

        @Test
        void arrayIndexSelectsOneElement() {
            // GIVEN
            JsonNode doc = json("{\"a\": [10, {\"b\": 20}]}");
            // WHEN / THEN
            assertThat(JsonPaths.read(doc, "$.a[0]")).isEqualTo(json("10"));
            assertThat(JsonPaths.read(doc, "$.a[1].b")).isEqualTo(json("20"));
        }

        @Test
        void wildcardsAndFiltersYieldAList() {
            // GIVEN
            JsonNode doc = json("{\"items\": [{\"n\": 1, \"ok\": true}, {\"n\": 2, \"ok\": false}, {\"n\": 3, \"ok\": true}]}");
            // WHEN / THEN
            assertThat(JsonPaths.read(doc, "$.items[*].n")).isEqualTo(json("[1, 2, 3]"));
            assertThat(JsonPaths.read(doc, "$.items[?(@.ok == true)].n")).isEqualTo(json("[1, 3]"));
            assertThat(JsonPaths.read(doc, "$.items[?(@.n > 5)]")).isEqualTo(json("[]"));
            assertThat(JsonPaths.read(doc, "$..n")).isEqualTo(json("[1, 2, 3]"));
            assertThat(JsonPaths.read(doc, "$.items[0:2].n")).isEqualTo(json("[1, 2]"));
        }

        @Test
        void flattensAnArrayOfArraysAsTheDocsShow() {
            // Docs: "Using JSONPath paths", Flattening an array of arrays: "flattenArray.$": "$[*][*]"
            // GIVEN
            JsonNode doc = json("[[1, 2], [3], [4, 5]]");
            // WHEN / THEN
            assertThat(JsonPaths.read(doc, "$[*][*]")).isEqualTo(json("[1, 2, 3, 4, 5]"));
        }

        @Test
        void readsJsonNullAsNullNode() {
            // GIVEN
            JsonNode doc = json("{\"a\": null}");
            // WHEN / THEN
            assertThat(JsonPaths.read(doc, "$.a")).isEqualTo(json("null"));
        }

        @Test
        void missingFieldIsAStatesRuntimeError() {
            // GIVEN
            JsonNode doc = json("{\"a\": 1}");
            // WHEN / THEN
            assertThatThrownBy(() -> JsonPaths.read(doc, "$.b"))
                    .isInstanceOfSatisfying(StatesError.class, e -> {
                        assertThat(e.error()).isEqualTo("States.Runtime");
                        assertThat(e.cause()).startsWith("Invalid path '$.b' : ").contains("$['b']");
                    });
        }

        @Test
        void missingIntermediateFieldIsAStatesRuntimeError() {
            // GIVEN
            JsonNode doc = json("{\"a\": 1}");
            // WHEN / THEN
            assertThatThrownBy(() -> JsonPaths.read(doc, "$.x.y"))
                    .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.error()).isEqualTo("States.Runtime"));
            assertThatThrownBy(() -> JsonPaths.read(doc, "$.a.y"))
                    .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.error()).isEqualTo("States.Runtime"));
        }

        @Test
        void indexOutOfBoundsIsAStatesRuntimeError() {
            // GIVEN
            JsonNode doc = json("{\"a\": [1, 2]}");
            // WHEN / THEN
            assertThatThrownBy(() -> JsonPaths.read(doc, "$.a[5]"))
                    .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.error()).isEqualTo("States.Runtime"));
        }

        @Test
        void doesNotMutateTheDocument() {
            // GIVEN
            JsonNode doc = json("{\"a\": {\"b\": [1, 2]}}");
            JsonNode before = doc.deepCopy();
            // WHEN
            JsonNode b = JsonPaths.read(doc, "$.a.b");
            ((com.fasterxml.jackson.databind.node.ArrayNode) b).add(3);
            // THEN
            assertThat(doc).isEqualTo(before);
        }
    }

    @Nested
    class Resolve {
        @Test
        void resolvesContextObjectPaths() {
            // Docs: "Accessing execution data from the Context object"
            // GIVEN
            JsonNode context = json("{\"Execution\": {\"Id\": \"arn:aws:states:us-east-1:123456789012:execution:stateMachineName:executionName\"}, \"State\": {\"Name\": \"Wait\"}}");
            // WHEN / THEN
            assertThat(JsonPaths.resolve("$$.Execution.Id", json("{}"), context, null))
                    .isEqualTo(json("\"arn:aws:states:us-east-1:123456789012:execution:stateMachineName:executionName\""));
            assertThat(JsonPaths.resolve("$$", json("{}"), context, null)).isEqualTo(context);
        }

        @Test
        void resolvesVariablesAndTheirFields() {
            // GIVEN
            JsonNode variables = json("{\"myVar\": {\"field\": [1, 2]}, \"count\": 3}");
            // WHEN / THEN
            assertThat(JsonPaths.resolve("$count", json("{}"), null, variables)).isEqualTo(json("3"));
            assertThat(JsonPaths.resolve("$myVar.field[1]", json("{}"), null, variables)).isEqualTo(json("2"));
            assertThat(JsonPaths.resolve("$myVar['field']", json("{}"), null, variables)).isEqualTo(json("[1, 2]"));
        }

        @Test
        void undefinedVariableIsAStatesRuntimeError() {
            // WHEN / THEN
            assertThatThrownBy(() -> JsonPaths.resolve("$nope", json("{}"), null, json("{}")))
                    .isInstanceOfSatisfying(StatesError.class, e -> {
                        assertThat(e.error()).isEqualTo("States.Runtime");
                        assertThat(e.cause()).contains("$nope");
                    });
        }
    }

    @Nested
    class ApplyResultPath {
        // Docs: "Specifying state output using ResultPath in Step Functions"
        private final JsonNode helloInput = json("{\"comment\": \"This is a test\","
                + " \"details\": \"Default example\", \"who\": \"Step Functions\"}");
        private final JsonNode helloResult = json("\"Hello, Step Functions!\"");

        @Test
        void dollarReplacesTheInputWithTheResult() {
            // Docs: ResultPath "$" (the default): "Use ResultPath to replace the input with the result"
            // WHEN
            JsonNode out = JsonPaths.applyResultPath(helloInput, "$", helloResult);
            // THEN
            assertThat(out).isEqualTo(json("\"Hello, Step Functions!\""));
        }

        @Test
        void nullDiscardsTheResultAndKeepsTheInput() {
            // Docs: ResultPath null: "Use ResultPath to discard the result and keep the original input"
            // WHEN
            JsonNode out = JsonPaths.applyResultPath(helloInput, null, helloResult);
            // THEN
            assertThat(out).isEqualTo(helloInput);
        }

        @Test
        void fieldPathIncludesTheResultWithTheInput() {
            // Docs: ResultPath "$.taskresult": "Use ResultPath to include the result with the input"
            // WHEN
            JsonNode out = JsonPaths.applyResultPath(helloInput, "$.taskresult", helloResult);
            // THEN
            assertThat(out).isEqualTo(json("{\"comment\": \"This is a test\","
                    + " \"details\": \"Default example\", \"who\": \"Step Functions\","
                    + " \"taskresult\": \"Hello, Step Functions!\"}"));
        }

        @Test
        void nestedPathCreatesIntermediateObjects() {
            // Docs: ResultPath "$.strings.lambdaresult": "insert the result into a child node of the input"
            // WHEN
            JsonNode out = JsonPaths.applyResultPath(helloInput, "$.strings.lambdaresult", helloResult);
            // THEN
            assertThat(out.get("strings")).isEqualTo(json("{\"lambdaresult\": \"Hello, Step Functions!\"}"));
            assertThat(out.get("who")).isEqualTo(json("\"Step Functions\""));
        }

        @Test
        void pathToAnExistingFieldUpdatesThatNode() {
            // Docs: "Use ResultPath to update a node in the input with the result": ResultPath "$.comment"
            // WHEN
            JsonNode out = JsonPaths.applyResultPath(helloInput, "$.comment", helloResult);
            // THEN
            assertThat(out).isEqualTo(json("{\"comment\": \"Hello, Step Functions!\","
                    + " \"details\": \"Default example\", \"who\": \"Step Functions\"}"));
        }

        @Test
        void existingFieldIsUpdatedWithTheResult() {
            // Docs: "Use ResultPath to update a node in the input with the result"
            // GIVEN
            JsonNode input = json("{\"master\": {\"detail\": [1, 2, 3]}}");
            JsonNode result = json("6");
            // WHEN
            JsonNode out = JsonPaths.applyResultPath(input, "$.master.detail", result);
            // THEN
            assertThat(out).isEqualTo(json("{\"master\": {\"detail\": 6}}"));
        }

        @Test
        void errorOutputGoesIntoTheInputAsTheCatchExampleShows() {
            // Docs: "Use ResultPath to include both error and input in a Catch"
            // GIVEN
            JsonNode input = json("{\"foo\": \"bar\"}");
            JsonNode error = json("{\"Error\": \"States.TaskFailed\", \"Cause\": \"boom\"}");
            // WHEN
            JsonNode out = JsonPaths.applyResultPath(input, "$.error", error);
            // THEN
            assertThat(out).isEqualTo(json("{\"foo\": \"bar\", \"error\": {\"Error\": \"States.TaskFailed\", \"Cause\": \"boom\"}}"));
        }

        @Test
        void neverMutatesTheInputOrTheResult() {
            // GIVEN
            JsonNode input = json("{\"a\": {\"b\": 1}}");
            JsonNode result = json("{\"r\": 1}");
            // WHEN
            JsonNode out = JsonPaths.applyResultPath(input, "$.a.c", result);
            ((com.fasterxml.jackson.databind.node.ObjectNode) out.get("a").get("c")).put("r", 2);
            // THEN
            assertThat(input).isEqualTo(json("{\"a\": {\"b\": 1}}"));
            assertThat(result).isEqualTo(json("{\"r\": 1}"));
            assertThat(out).isEqualTo(json("{\"a\": {\"b\": 1, \"c\": {\"r\": 2}}}"));
        }

        @Test
        void bracketAndIndexSegmentsAreSupported() {
            // GIVEN
            JsonNode input = json("{\"list\": [{\"x\": 1}, {\"x\": 2}]}");
            // WHEN
            JsonNode out = JsonPaths.applyResultPath(input, "$.list[1]['the result']", json("true"));
            // THEN
            assertThat(out).isEqualTo(json("{\"list\": [{\"x\": 1}, {\"x\": 2, \"the result\": true}]}"));
        }

        @Test
        void parentThatIsNotAnObjectIsAResultPathMatchFailure() {
            // GIVEN the input at $.a is a string
            JsonNode input = json("{\"a\": \"text\"}");
            // WHEN / THEN
            assertThatThrownBy(() -> JsonPaths.applyResultPath(input, "$.a.b", json("1")))
                    .isInstanceOfSatisfying(StatesError.class, e -> {
                        assertThat(e.error()).isEqualTo("States.ResultPathMatchFailure");
                        assertThat(e.cause()).contains("$.a.b").contains("{\"a\":\"text\"}");
                    });
        }

        @Test
        void inputThatIsNotAnObjectIsAResultPathMatchFailure() {
            // WHEN / THEN
            assertThatThrownBy(() -> JsonPaths.applyResultPath(json("\"just a string\""), "$.result", json("1")))
                    .isInstanceOfSatisfying(StatesError.class,
                            e -> assertThat(e.error()).isEqualTo("States.ResultPathMatchFailure"));
            assertThatThrownBy(() -> JsonPaths.applyResultPath(json("[1, 2]"), "$.result", json("1")))
                    .isInstanceOfSatisfying(StatesError.class,
                            e -> assertThat(e.error()).isEqualTo("States.ResultPathMatchFailure"));
        }

        @Test
        void indexBeyondTheArrayIsAResultPathMatchFailure() {
            // WHEN / THEN
            assertThatThrownBy(() -> JsonPaths.applyResultPath(json("{\"a\": [1]}"), "$.a[3]", json("1")))
                    .isInstanceOfSatisfying(StatesError.class,
                            e -> assertThat(e.error()).isEqualTo("States.ResultPathMatchFailure"));
        }

        @Test
        void aPathThatCanSelectSeveralNodesIsRejected() {
            // WHEN / THEN
            assertThatThrownBy(() -> JsonPaths.applyResultPath(json("{}"), "$.a[*]", json("1")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Validate {
        @ParameterizedTest
        @ValueSource(strings = {"$", "$.a", "$.a.b", "$['a b']", "$.a[0]", "$.a[*].b", "$..b", "$.a[?(@.x > 1)]",
                "$.a[0:2]", "$.a[0,1]", "$$", "$$.Execution.Id", "$$.Map.Item.Value", "$[*][*]"})
        void acceptsValidPaths(String path) {
            assertThatCode(() -> JsonPaths.validatePath(path)).doesNotThrowAnyException();
        }

        @Test
        void rejectsInvalidPathsWithAReason() {
            assertThatThrownBy(() -> JsonPaths.validatePath(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("null");
            assertThatThrownBy(() -> JsonPaths.validatePath("")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("empty");
            assertThatThrownBy(() -> JsonPaths.validatePath("a.b")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must start with '$'");
            assertThatThrownBy(() -> JsonPaths.validatePath("$a")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'.' or '['");
            assertThatThrownBy(() -> JsonPaths.validatePath("$.a.")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must not end with '.'");
            assertThatThrownBy(() -> JsonPaths.validatePath("$.a[")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("$.a[");
            assertThatThrownBy(() -> JsonPaths.validatePath("$['a")).isInstanceOf(IllegalArgumentException.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"$", "$.a", "$.a.b", "$['a b']", "$[\"a\"]", "$.a[0]", "$.a[0].b['c']",
                "$.abc.['def ghi']", "$.under_score", "$.with-dash"})
        void acceptsValidReferencePaths(String path) {
            assertThatCode(() -> JsonPaths.validateReferencePath(path)).doesNotThrowAnyException();
        }

        @ParameterizedTest
        @ValueSource(strings = {"a", "", "$..a", "$.a[*]", "$.*", "$.a[?(@.x)]", "$.a[0:1]", "$.a[0,1]",
                "$['a','b']", "$.a.length()", "$.a.", "$.@", "$.a[", "$.a['b'"})
        void rejectsPathsThatCanSelectSeveralNodesAsReferencePaths(String path) {
            assertThatThrownBy(() -> JsonPaths.validateReferencePath(path))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("eference path");
        }
    }
}
