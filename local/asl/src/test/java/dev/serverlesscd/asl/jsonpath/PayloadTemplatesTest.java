package dev.serverlesscd.asl.jsonpath;

import static dev.serverlesscd.asl.jsonpath.JsonTestSupport.json;
import static dev.serverlesscd.asl.jsonpath.JsonTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PayloadTemplatesTest {
    private static final JsonNode NO_VARIABLES = json("{}");

    @Nested
    class DocsExamples {
        @Test
        void parametersSelectWhatTheStateCaresAbout() {
            // Docs: "Manipulating parameters in Step Functions workflows", Parameters example
            // GIVEN
            JsonNode input = resource("parameters-example.json");
            JsonNode template = json("{\"comment\": \"Selecting what I care about.\", \"MyDetails\": {"
                    + "\"size.$\": \"$.product.details.size\", \"exists.$\": \"$.product.availability\","
                    + " \"StaticValue\": \"foo\"}}");
            // WHEN
            JsonNode out = PayloadTemplates.evaluate(template, input, json("{}"), NO_VARIABLES);
            // THEN
            assertThat(out).isEqualTo(json("{\"comment\": \"Selecting what I care about.\", \"MyDetails\": {"
                    + "\"size\": \"small\", \"exists\": \"in stock\", \"StaticValue\": \"foo\"}}"));
        }

        @Test
        void parametersReadTheContextObject() {
            // Docs: "Accessing execution data from the Context object": "$$." paths in Parameters
            // GIVEN
            JsonNode context = resource("context-object.json");
            JsonNode template = json("{\"comment\": \"Selecting what I care about.\", \"MyDetails\": {"
                    + "\"size.$\": \"$.product.details.size\"}, \"MyContextObject.$\": \"$$.Execution.Id\","
                    + " \"token.$\": \"$$.Task.Token\", \"retries.$\": \"$$.State.RetryCount\"}");
            // WHEN
            JsonNode out = PayloadTemplates.evaluate(template, resource("parameters-example.json"), context,
                    NO_VARIABLES);
            // THEN
            assertThat(out).isEqualTo(json("{\"comment\": \"Selecting what I care about.\","
                    + " \"MyDetails\": {\"size\": \"small\"},"
                    + " \"MyContextObject\": \"arn:aws:states:us-east-1:123456789012:execution:stateMachineName:executionName\","
                    + " \"token\": \"h7XRiCdLtd/83p1E0dMccoxlzFhglsdkzpK9mBVKZsp7d9yrT1W\", \"retries\": 3}"));
        }

        @Test
        void itemSelectorCombinesTheMapItemAndTheInput() {
            // Docs: "Map state" ItemSelector example: "parcel.$": "$$.Map.Item.Value", "courier.$": "$.delivery-partner"
            // GIVEN
            JsonNode input = json("{\"delivery-partner\": \"UQS\", \"shipped\": [{\"prod\": \"R31\", \"dest-code\": 9511, \"quantity\": 1344}]}");
            JsonNode context = json("{\"Map\": {\"Item\": {\"Index\": 0, \"Value\": {\"prod\": \"R31\", \"dest-code\": 9511, \"quantity\": 1344}}}}");
            JsonNode template = json("{\"parcel.$\": \"$$.Map.Item.Value\", \"courier.$\": \"$.delivery-partner\","
                    + " \"index.$\": \"$$.Map.Item.Index\"}");
            // WHEN
            JsonNode out = PayloadTemplates.evaluate(template, input, context, NO_VARIABLES);
            // THEN
            assertThat(out).isEqualTo(json("{\"parcel\": {\"prod\": \"R31\", \"dest-code\": 9511, \"quantity\": 1344},"
                    + " \"courier\": \"UQS\", \"index\": 0}"));
        }

        @Test
        void resultSelectorKeepsPartsOfATaskResult() {
            // Docs: "Manipulating parameters in Step Functions workflows", ResultSelector example (EMR createCluster)
            // GIVEN
            JsonNode result = json("{\"resourceType\": \"elasticmapreduce\", \"resource\": \"createCluster.sync\","
                    + " \"output\": {\"SdkHttpMetadata\": {\"HttpHeaders\": {\"Content-Length\": \"1112\"}, \"HttpStatusCode\": 200},"
                    + " \"SdkResponseMetadata\": {\"RequestId\": \"1234\"}, \"ClusterId\": \"AKIAIOSFODNN7EXAMPLE\"}}");
            JsonNode template = json("{\"ClusterId.$\": \"$.output.ClusterId\", \"ResourceType.$\": \"$.resourceType\"}");
            // WHEN
            JsonNode selected = PayloadTemplates.evaluate(template, result, null, NO_VARIABLES);
            JsonNode out = JsonPaths.applyResultPath(json("{\"data\": 1}"), "$.EMROutput", selected);
            // THEN
            assertThat(out).isEqualTo(json("{\"data\": 1, \"EMROutput\": {\"ClusterId\": \"AKIAIOSFODNN7EXAMPLE\","
                    + " \"ResourceType\": \"elasticmapreduce\"}}"));
        }

        @Test
        void inputPathResultPathAndOutputPathTogether() {
            // Docs: "Example: Manipulating state data with InputPath, ResultPath and OutputPath"
            // GIVEN the state input, InputPath "$.lambda", a Lambda answering "Hello, <who>!",
            // ResultPath "$.data.lambdaresult", OutputPath "$.data"
            JsonNode input = resource("inputpath-resultpath-outputpath-example.json");
            // WHEN
            JsonNode effectiveInput = JsonPaths.read(input, "$.lambda");
            JsonNode result = json("\"Hello, " + effectiveInput.get("who").textValue() + "!\"");
            JsonNode withResult = JsonPaths.applyResultPath(input, "$.data.lambdaresult", result);
            JsonNode output = JsonPaths.read(withResult, "$.data");
            // THEN
            assertThat(effectiveInput).isEqualTo(json("{\"who\": \"AWS Step Functions\"}"));
            assertThat(output).isEqualTo(json("{\"val1\": 23, \"val2\": 17, \"lambdaresult\": \"Hello, AWS Step Functions!\"}"));
            assertThat(input).isEqualTo(resource("inputpath-resultpath-outputpath-example.json"));
        }

        @Test
        void inputPathSelectsADataset() {
            // Docs: "Manipulating parameters in Step Functions workflows", InputPath "$.dataset2"
            // GIVEN
            JsonNode input = json("{\"comment\": \"Example for InputPath.\", \"dataset1\": {\"val1\": 1, \"val2\": 2, \"val3\": 3},"
                    + " \"dataset2\": {\"val1\": \"a\", \"val2\": \"b\", \"val3\": \"c\"}}");
            // WHEN / THEN
            assertThat(JsonPaths.read(input, "$.dataset2")).isEqualTo(json("{\"val1\": \"a\", \"val2\": \"b\", \"val3\": \"c\"}"));
        }

        @Test
        void outputPathSelectsPartOfTheStateOutput() {
            // Docs: "Filtering state output using OutputPath": OutputPath "$.Payload" of a Lambda invoke result
            // GIVEN
            JsonNode output = json("{\"ExecutedVersion\": \"$LATEST\", \"Payload\": {\"foo\": \"bar\", \"colors\": [\"red\", \"blue\"]},"
                    + " \"StatusCode\": 200}");
            // WHEN / THEN
            assertThat(JsonPaths.read(output, "$.Payload")).isEqualTo(json("{\"foo\": \"bar\", \"colors\": [\"red\", \"blue\"]}"));
        }

        @Test
        void intrinsicFunctionsInParameters() {
            // Docs: "Intrinsic functions": "KeyId.$": "States.Array($.Id)"
            // GIVEN
            JsonNode template = json("{\"KeyId.$\": \"States.Array($.Id)\", \"greeting.$\": \"States.Format('Hello, {}', $.name)\"}");
            // WHEN
            JsonNode out = PayloadTemplates.evaluate(template, json("{\"Id\": 123456, \"name\": \"Ada\"}"), null, NO_VARIABLES);
            // THEN
            assertThat(out).isEqualTo(json("{\"KeyId\": [123456], \"greeting\": \"Hello, Ada\"}"));
        }
    }

    @Nested
    class Semantics {
        @Test
        void variablesAreReadWithDollarName() {
            // Docs: "Passing data between states with variables": "$productName" in JSONPath states
            // GIVEN
            JsonNode variables = json("{\"productName\": \"widget\", \"order\": {\"items\": [{\"sku\": \"A1\"}]}}");
            JsonNode template = json("{\"name.$\": \"$productName\", \"sku.$\": \"$order.items[0].sku\"}");
            // WHEN
            JsonNode out = PayloadTemplates.evaluate(template, json("{}"), null, variables);
            // THEN
            assertThat(out).isEqualTo(json("{\"name\": \"widget\", \"sku\": \"A1\"}"));
        }

        @Test
        void nestedObjectsAndArraysAreProcessedRecursively() {
            // GIVEN
            JsonNode template = json("{\"list\": [1, {\"a.$\": \"$.x\"}, [{\"b.$\": \"$.y\"}]], \"deep\": {\"deeper\": {\"c.$\": \"$\"}}}");
            // WHEN
            JsonNode out = PayloadTemplates.evaluate(template, json("{\"x\": 1, \"y\": 2}"), null, NO_VARIABLES);
            // THEN
            assertThat(out).isEqualTo(json("{\"list\": [1, {\"a\": 1}, [{\"b\": 2}]], \"deep\": {\"deeper\": {\"c\": {\"x\": 1, \"y\": 2}}}}"));
        }

        @Test
        void staticValuesAreCopiedAndNonObjectTemplatesPassThrough() {
            assertThat(PayloadTemplates.evaluate(json("\"static\""), json("{}"), null, NO_VARIABLES)).isEqualTo(json("\"static\""));
            assertThat(PayloadTemplates.evaluate(json("{\"n\": null, \"s\": \"$.notAPath\"}"), json("{}"), null, NO_VARIABLES))
                    .isEqualTo(json("{\"n\": null, \"s\": \"$.notAPath\"}"));
        }

        @Test
        void pathsWithFiltersYieldLists() {
            // GIVEN
            JsonNode input = json("{\"items\": [{\"ok\": true, \"id\": 1}, {\"ok\": false, \"id\": 2}]}");
            // WHEN
            JsonNode out = PayloadTemplates.evaluate(json("{\"ids.$\": \"$.items[?(@.ok == true)].id\"}"), input, null, NO_VARIABLES);
            // THEN
            assertThat(out).isEqualTo(json("{\"ids\": [1]}"));
        }

        @Test
        void doesNotMutateTemplateOrInput() {
            // GIVEN
            JsonNode template = json("{\"a.$\": \"$.x\", \"b\": {\"c\": 1}}");
            JsonNode input = json("{\"x\": {\"y\": 1}}");
            // WHEN
            JsonNode out = PayloadTemplates.evaluate(template, input, null, NO_VARIABLES);
            ((com.fasterxml.jackson.databind.node.ObjectNode) out.get("a")).put("y", 2);
            ((com.fasterxml.jackson.databind.node.ObjectNode) out.get("b")).put("c", 2);
            // THEN
            assertThat(template).isEqualTo(json("{\"a.$\": \"$.x\", \"b\": {\"c\": 1}}"));
            assertThat(input).isEqualTo(json("{\"x\": {\"y\": 1}}"));
        }
    }

    @Nested
    class Errors {
        @Test
        void missingPathFailsWithTheAwsCause() {
            // AWS: "The JSONPath '$.JobName' specified for the field 'JobName.$' could not be found in the input '{}'"
            assertThatThrownBy(() -> PayloadTemplates.evaluate(json("{\"JobName.$\": \"$.JobName\"}"), json("{}"), null, NO_VARIABLES))
                    .isInstanceOfSatisfying(StatesError.class, e -> {
                        assertThat(e.error()).isEqualTo("States.Runtime");
                        assertThat(e.cause()).isEqualTo("The JSONPath '$.JobName' specified for the field 'JobName.$'"
                                + " could not be found in the input '{}'");
                    });
        }

        @Test
        void missingContextPathFails() {
            assertThatThrownBy(() -> PayloadTemplates.evaluate(json("{\"t.$\": \"$$.Task.Token\"}"), json("{}"), json("{}"), NO_VARIABLES))
                    .isInstanceOfSatisfying(StatesError.class, e -> {
                        assertThat(e.error()).isEqualTo("States.Runtime");
                        assertThat(e.cause()).contains("'$$.Task.Token'").contains("the context object");
                    });
        }

        @Test
        void undefinedVariableFails() {
            assertThatThrownBy(() -> PayloadTemplates.evaluate(json("{\"v.$\": \"$nope\"}"), json("{}"), null, NO_VARIABLES))
                    .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.error()).isEqualTo("States.Runtime"));
        }

        @Test
        void nonStringValueOfADollarFieldFails() {
            assertThatThrownBy(() -> PayloadTemplates.evaluate(json("{\"a.$\": 3}"), json("{}"), null, NO_VARIABLES))
                    .isInstanceOfSatisfying(StatesError.class, e -> {
                        assertThat(e.error()).isEqualTo("States.Runtime");
                        assertThat(e.cause()).contains("'a.$'");
                    });
        }

        @Test
        void intrinsicFailurePropagates() {
            assertThatThrownBy(() -> PayloadTemplates.evaluate(json("{\"a.$\": \"States.ArrayRange(1, 5000, 1)\"}"), json("{}"), null, NO_VARIABLES))
                    .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.error()).isEqualTo("States.IntrinsicFailure"));
        }
    }

    @Nested
    class Validate {
        @Test
        void acceptsAValidTemplate() {
            assertThat(PayloadTemplates.validate(json("{\"a.$\": \"$.x\", \"b.$\": \"$$.Execution.Id\", \"c.$\": \"$var.f\","
                    + " \"d.$\": \"States.UUID()\", \"e\": [{\"f.$\": \"$[0]\"}], \"g\": \"plain\"}"))).isEmpty();
        }

        @Test
        void reportsEveryProblemWithItsField() {
            // GIVEN
            JsonNode template = json("{\"a.$\": 3, \"b.$\": \"no path\", \"c.$\": \"$.x[\", \"d\": {\"e.$\": \"States.Nope()\"},"
                    + " \"f\": [{\"g.$\": \"States.ArrayRange(1)\"}], \"h\": 1, \"h.$\": \"$.h\"}");
            // WHEN
            var problems = PayloadTemplates.validate(template);
            // THEN
            assertThat(problems).hasSize(6);
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("Field 'a.$'").contains("must be a string"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("Field 'b.$'"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("Field 'c.$'"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("Field 'd.e.$'").contains("Unknown intrinsic"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("Field 'f[0].g.$'").contains("takes 3 argument(s)"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("Field 'h.$'").contains("more than once"));
        }
    }
}
