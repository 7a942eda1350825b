package dev.serverlesscd.asl.jsonpath;

import static dev.serverlesscd.asl.jsonpath.JsonTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each function's example from the docs page "Intrinsic functions for JSONPath states in Step Functions"
 * (intrinsic-functions.html) and the ASL spec's "Intrinsic Functions", with the documented output.
 */
@Tag("unit")
class IntrinsicsTest {

    private static JsonNode eval(String expression, String input) {
        return Intrinsics.evaluate(expression, json(input), json("{}"), json("{}"));
    }

    private static void assertFailure(String expression, String input, String causeFragment) {
        assertThatThrownBy(() -> eval(expression, input))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo("States.IntrinsicFailure");
                    assertThat(e.cause()).contains(causeFragment);
                });
    }

    @Nested
    class Format {
        @Test
        void formatsALiteralTemplateWithAPathValue() {
            // Docs: States.Format('Hello, my name is {}.', $.name) => "Hello, my name is Arnav."
            assertThat(eval("States.Format('Hello, my name is {}.', $.name)", "{\"name\": \"Arnav\"}"))
                    .isEqualTo(json("\"Hello, my name is Arnav.\""));
        }

        @Test
        void formatsATemplateTakenFromAPath() {
            // Docs: States.Format($.template, $.name) => "Hello, my name is Arnav."
            assertThat(eval("States.Format($.template, $.name)",
                    "{\"name\": \"Arnav\", \"template\": \"Hello, my name is {}.\"}"))
                    .isEqualTo(json("\"Hello, my name is Arnav.\""));
        }

        @Test
        void formatsNumbersAndStringsAsTheSpecExampleShows() {
            // ASL spec: States.Format('Your name is {}, we are in the year {}', $.name, 2020)
            assertThat(eval("States.Format('Your name is {}, we are in the year {}', $.name, 2020)",
                    "{\"name\": \"Foo\", \"zebra\": \"stripe\"}"))
                    .isEqualTo(json("\"Your name is Foo, we are in the year 2020\""));
        }

        @Test
        void formatsBooleansNullAndDecimalsByTheirNaturalText() {
            assertThat(eval("States.Format('{}|{}|{}|{}', true, null, 1.5, $.n)", "{\"n\": -3}"))
                    .isEqualTo(json("\"true|null|1.5|-3\""));
        }

        @Test
        void escapedCharactersAreLiteralAndEscapedBracesAreNoPlaceholder() {
            // Docs: "Reserved characters in intrinsic functions": \' \{ \} \\
            assertThat(eval("States.Format('It\\'s \\{\\} and \\\\ and {}', 'x')", "{}"))
                    .isEqualTo(json("\"It's {} and \\\\ and x\""));
        }

        @Test
        void failsWhenPlaceholdersAndArgumentsDoNotMatch() {
            assertFailure("States.Format('{} and {}', 'one')", "{}", "2 placeholder(s)");
            assertFailure("States.Format('no placeholder', 'one')", "{}", "0 placeholder(s)");
        }

        @Test
        void formatsObjectsAndArraysAsAwsPrintsThem() {
            // The ASL spec says "The Value MUST NOT be a JSON array or object", but AWS (issue 17's recorded
            // executions) formats them as Java prints a Map and a List: {a=1}, [1, x].
            assertThat(eval("States.Format('{}', $.o)", "{\"o\": {\"a\": 1}}")).isEqualTo(json("\"{a=1}\""));
            assertThat(eval("States.Format('{}', $.a)", "{\"a\": [1, \"x\"]}")).isEqualTo(json("\"[1, x]\""));
            assertThat(eval("States.Format('{}', $.n)", "{\"n\": {\"k\": [true, null], \"s\": \"v\"}}"))
                    .isEqualTo(json("\"{k=[true, null], s=v}\""));
        }
    }

    @Nested
    class Json {
        @Test
        void stringToJsonParsesAnEscapedJsonString() {
            // Docs: {"escapedJsonString": "{\"foo\": \"bar\"}"} => {"foo": "bar"}
            assertThat(eval("States.StringToJson($.escapedJsonString)",
                    "{\"escapedJsonString\": \"{\\\"foo\\\": \\\"bar\\\"}\"}"))
                    .isEqualTo(json("{\"foo\": \"bar\"}"));
        }

        @Test
        void stringToJsonParsesTheSpecExample() {
            // ASL spec: {"someString": "{\"number\": 20}"} => {"number": 20}
            assertThat(eval("States.StringToJson($.someString)", "{\"someString\": \"{\\\"number\\\": 20}\"}"))
                    .isEqualTo(json("{\"number\": 20}"));
        }

        @Test
        void stringToJsonFailsOnInvalidJsonOrANonString() {
            assertFailure("States.StringToJson($.s)", "{\"s\": \"{not json\"}", "not valid JSON");
            assertFailure("States.StringToJson($.s)", "{\"s\": 12}", "must be a string");
            assertFailure("States.StringToJson($.s)", "{\"s\": \"{} trailing\"}", "not valid JSON");
        }

        @Test
        void jsonToStringSerializesCompactly() {
            // Docs: {"unescapedJson": {"foo": "bar"}} => "{\"foo\":\"bar\"}"
            assertThat(eval("States.JsonToString($.unescapedJson)", "{\"unescapedJson\": {\"foo\": \"bar\"}}"))
                    .isEqualTo(json("\"{\\\"foo\\\":\\\"bar\\\"}\""));
            // ASL spec: {"someJson": {"name": "Foo", "year": 2020}} => "{\"name\":\"Foo\",\"year\":2020}"
            assertThat(eval("States.JsonToString($.someJson)", "{\"someJson\": {\"name\": \"Foo\", \"year\": 2020}}"))
                    .isEqualTo(json("\"{\\\"name\\\":\\\"Foo\\\",\\\"year\\\":2020}\""));
        }

        @Test
        void jsonMergeIsShallowAndTheSecondObjectWins() {
            // Docs: States.JsonMerge($.json1, $.json2, false)
            assertThat(eval("States.JsonMerge($.json1, $.json2, false)",
                    "{\"json1\": {\"a\": {\"a1\": 1, \"a2\": 2}, \"b\": 2}, \"json2\": {\"a\": {\"a3\": 1, \"a4\": 2}, \"c\": 3}}"))
                    .isEqualTo(json("{\"a\": {\"a3\": 1, \"a4\": 2}, \"b\": 2, \"c\": 3}"));
        }

        @Test
        void jsonMergeRejectsDeepModeAndNonObjects() {
            assertFailure("States.JsonMerge($.a, $.b, true)", "{\"a\": {}, \"b\": {}}", "deep merging is not supported");
            assertFailure("States.JsonMerge($.a, $.b, false)", "{\"a\": [], \"b\": {}}", "argument 1 must be a JSON object");
            assertFailure("States.JsonMerge($.a, $.b, 'false')", "{\"a\": {}, \"b\": {}}", "boolean false");
        }
    }

    @Nested
    class Arrays {
        @Test
        void arrayBuildsAnArrayOfItsArguments() {
            // Docs: {"Id": 123456}, "BuildId.$": "States.Array($.Id)" => [123456]
            assertThat(eval("States.Array($.Id)", "{\"Id\": 123456}")).isEqualTo(json("[123456]"));
            // ASL spec: States.Array('Foo', 2020, $.someJson, null)
            assertThat(eval("States.Array('Foo', 2020, $.someJson, null)",
                    "{\"someJson\": {\"random\": \"abcdefg\"}, \"zebra\": \"stripe\"}"))
                    .isEqualTo(json("[\"Foo\", 2020, {\"random\": \"abcdefg\"}, null]"));
            assertThat(eval("States.Array()", "{}")).isEqualTo(json("[]"));
        }

        @Test
        void arrayPartitionChunksTheArray() {
            // Docs: {"inputArray": [1,2,3,4,5,6,7,8,9]}, States.ArrayPartition($.inputArray,4)
            assertThat(eval("States.ArrayPartition($.inputArray,4)", "{\"inputArray\": [1,2,3,4,5,6,7,8,9]}"))
                    .isEqualTo(json("[[1,2,3,4],[5,6,7,8],[9]]"));
            assertThat(eval("States.ArrayPartition($.a, 2)", "{\"a\": []}")).isEqualTo(json("[]"));
        }

        @Test
        void arrayPartitionNeedsAPositiveChunkSize() {
            assertFailure("States.ArrayPartition($.a, 0)", "{\"a\": [1]}", "positive integer");
            assertFailure("States.ArrayPartition($.a, 1.5)", "{\"a\": [1]}", "must be an integer");
            assertFailure("States.ArrayPartition($.a, 2)", "{\"a\": \"x\"}", "must be an array");
        }

        @Test
        void arrayContainsFindsTheValue() {
            // Docs: {"inputArray": [1,...,9], "lookingFor": 5} => true
            assertThat(eval("States.ArrayContains($.inputArray, $.lookingFor)",
                    "{\"inputArray\": [1,2,3,4,5,6,7,8,9], \"lookingFor\": 5}")).isEqualTo(json("true"));
            assertThat(eval("States.ArrayContains($.a, $.x)", "{\"a\": [1, {\"k\": [1]}], \"x\": {\"k\": [1]}}"))
                    .isEqualTo(json("true"));
            assertThat(eval("States.ArrayContains($.a, 'nope')", "{\"a\": [1, 2]}")).isEqualTo(json("false"));
        }

        @Test
        void arrayRangeBuildsTheRange() {
            // Docs: States.ArrayRange(1, 9, 2) => [1,3,5,7,9]
            assertThat(eval("States.ArrayRange(1, 9, 2)", "{}")).isEqualTo(json("[1,3,5,7,9]"));
            assertThat(eval("States.ArrayRange(5, 1, -2)", "{}")).isEqualTo(json("[5,3,1]"));
            assertThat(eval("States.ArrayRange(1, 1, 1)", "{}")).isEqualTo(json("[1]"));
            assertThat(eval("States.ArrayRange(1, 10, 4)", "{}")).isEqualTo(json("[1,5,9]"));
        }

        @Test
        void arrayRangeAllowsAtMost1000Items() {
            // Docs: "The newly generated array can't contain more than 1000 items."
            assertThat(eval("States.ArrayRange(1, 1000, 1)", "{}").size()).isEqualTo(1000);
            assertFailure("States.ArrayRange(1, 1001, 1)", "{}", "1001 items");
            assertFailure("States.ArrayRange(1, 9, 0)", "{}", "must not be 0");
            assertFailure("States.ArrayRange(1, 9.5, 1)", "{}", "must be an integer");
        }

        @Test
        void arrayGetItemReturnsTheItemAtTheIndex() {
            // Docs: {"inputArray": [1,...,9], "index": 5} => 6
            assertThat(eval("States.ArrayGetItem($.inputArray, $.index)",
                    "{\"inputArray\": [1,2,3,4,5,6,7,8,9], \"index\": 5}")).isEqualTo(json("6"));
        }

        @Test
        void arrayGetItemFailsOutOfBounds() {
            assertFailure("States.ArrayGetItem($.a, 3)", "{\"a\": [1, 2]}", "out of bounds");
            assertFailure("States.ArrayGetItem($.a, -1)", "{\"a\": [1, 2]}", "non-negative");
        }

        @Test
        void arrayLengthCountsTheItems() {
            // Docs: {"inputArray": [1,...,9]} => 9
            assertThat(eval("States.ArrayLength($.inputArray)", "{\"inputArray\": [1,2,3,4,5,6,7,8,9]}"))
                    .isEqualTo(json("9"));
        }

        @Test
        void arrayUniqueRemovesDuplicatesKeepingFirstOccurrences() {
            // Docs: {"inputArray": [1,2,3,3,3,3,3,3,4]} => [1,2,3,4]
            assertThat(eval("States.ArrayUnique($.inputArray)", "{\"inputArray\": [1,2,3,3,3,3,3,3,4]}"))
                    .isEqualTo(json("[1,2,3,4]"));
            assertThat(eval("States.ArrayUnique($.a)", "{\"a\": [{\"x\": 1}, \"s\", {\"x\": 1}, \"s\", null, null]}"))
                    .isEqualTo(json("[{\"x\": 1}, \"s\", null]"));
        }
    }

    @Nested
    class Encoding {
        @Test
        void base64EncodeEncodesUtf8() {
            // Docs: {"input": "Data to encode"} => "RGF0YSB0byBlbmNvZGU="
            assertThat(eval("States.Base64Encode($.input)", "{\"input\": \"Data to encode\"}"))
                    .isEqualTo(json("\"RGF0YSB0byBlbmNvZGU=\""));
        }

        @Test
        void base64DecodeDecodesToText() {
            // Docs: {"base64": "RGF0YSB0byBlbmNvZGU="}. The page prints "Decoded data" as the output, an erratum:
            // the bytes of that Base64 text are "Data to encode".
            assertThat(eval("States.Base64Decode($.base64)", "{\"base64\": \"RGF0YSB0byBlbmNvZGU=\"}"))
                    .isEqualTo(json("\"Data to encode\""));
        }

        @Test
        void base64FunctionsRejectMoreThan10000CharactersAndBadInput() {
            String big = "a".repeat(10_001);
            assertFailure("States.Base64Encode($.s)", "{\"s\": \"" + big + "\"}", "10000");
            assertFailure("States.Base64Decode($.s)", "{\"s\": \"" + big + "\"}", "10000");
            assertFailure("States.Base64Decode('!!notbase64')", "{}", "not valid Base64");
            assertThat(eval("States.Base64Encode($.s)", "{\"s\": \"" + "a".repeat(10_000) + "\"}").textValue())
                    .hasSize(13_336);
        }

        @Test
        void hashComputesTheDocumentedSha1() {
            // Docs: {"Data": "input data", "Algorithm": "SHA-1"}. The page prints
            // "aaff4a450a104cd177d28d18d7485e8cae074b7" (39 digits, one '4' lost); the SHA-1 of "input data" is:
            assertThat(eval("States.Hash($.Data, $.Algorithm)", "{\"Data\": \"input data\", \"Algorithm\": \"SHA-1\"}"))
                    .isEqualTo(json("\"aaff4a450a104cd177d28d18d74485e8cae074b7\""));
        }

        @ParameterizedTest
        @CsvSource({
                "MD5, 5d41402abc4b2a76b9719d911017c592",
                "SHA-256, 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
                "SHA-384, 59e1748777448c69de6b800d7a33bbfb9ff1b463e44354c3553bcdb9c666fa90125a3c79f90397bdf5f6a13de828684f",
                "SHA-512, 9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043"})
        void hashSupportsEveryDocumentedAlgorithm(String algorithm, String hex) {
            assertThat(eval("States.Hash('hello', '" + algorithm + "')", "{}")).isEqualTo(json("\"" + hex + "\""));
        }

        @Test
        void hashRejectsUnknownAlgorithmsAndLongData() {
            assertFailure("States.Hash('x', 'SHA-3')", "{}", "not supported");
            assertFailure("States.Hash('x', 'sha-1')", "{}", "not supported");
            assertFailure("States.Hash($.s, 'MD5')", "{\"s\": \"" + "a".repeat(10_001) + "\"}", "10000");
            assertFailure("States.Hash($.s, 'MD5')", "{\"s\": {}}", "must be a string");
        }
    }

    @Nested
    class Math {
        @Test
        void mathRandomIsWithinStartInclusiveAndEndExclusive() {
            // Docs: {"start": 1, "end": 999}, States.MathRandom($.start, $.end) => e.g. 456
            for (int i = 0; i < 200; i++) {
                assertThat(eval("States.MathRandom($.start, $.end)", "{\"start\": 1, \"end\": 999}").intValue())
                        .isBetween(1, 998);
            }
            for (int i = 0; i < 50; i++) {
                assertThat(eval("States.MathRandom(3, 4)", "{}")).isEqualTo(json("3"));
            }
        }

        @Test
        void mathRandomWithTheSameSeedReturnsTheSameNumber() {
            // Docs: "If you use this function with the same seed value, it returns an identical number."
            JsonNode first = eval("States.MathRandom(1, 999, 1234)", "{}");
            assertThat(eval("States.MathRandom(1, 999, 1234)", "{}")).isEqualTo(first);
            assertThat(first.intValue()).isBetween(1, 998);
        }

        @Test
        void mathRandomNeedsNumbersAndRoundsThem() {
            // Intrinsic functions page: "If you specify a non-integer value for the start number or end number
            // argument, Step Functions will round it off to the nearest integer": 1.5 -> 2, so the range is [2, 3).
            assertThat(eval("States.MathRandom(1.5, 3)", "{}")).isEqualTo(json("2"));
            assertFailure("States.MathRandom('1', 3)", "{}", "must be an integer");
            assertFailure("States.MathRandom(5, 5)", "{}", "less than");
        }

        @Test
        void mathAddAddsIntegers() {
            // Docs: {"value1": 111, "step": -1} => 110
            assertThat(eval("States.MathAdd($.value1, $.step)", "{\"value1\": 111, \"step\": -1}"))
                    .isEqualTo(json("110"));
            assertThat(eval("States.MathAdd(States.ArrayLength($.a), 1)", "{\"a\": [1, 2]}")).isEqualTo(json("3"));
        }

        @Test
        void mathAddRoundsNonIntegersAndRejectsOverflow() {
            // Intrinsic functions page: "If you specify a non-integer value for one or both the arguments, Step
            // Functions will round it off to the nearest integer": 1.5 -> 2, 2 + 1 = 3; -1.4 -> -1, 3 + -1 = 2.
            assertThat(eval("States.MathAdd(1.5, 1)", "{}")).isEqualTo(json("3"));
            assertThat(eval("States.MathAdd(3, -1.4)", "{}")).isEqualTo(json("2"));
            assertFailure("States.MathAdd('1', 1)", "{}", "must be an integer");
            assertFailure("States.MathAdd(2147483647, 1)", "{}", "32-bit");
            assertFailure("States.MathAdd(2147483648, 1)", "{}", "32-bit");
        }
    }

    @Nested
    class Strings {
        @Test
        void stringSplitSplitsOnTheDelimiter() {
            // Docs: {"inputString": "1,2,3,4,5", "splitter": ","} => ["1","2","3","4","5"]
            assertThat(eval("States.StringSplit($.inputString, $.splitter)",
                    "{\"inputString\": \"1,2,3,4,5\", \"splitter\": \",\"}"))
                    .isEqualTo(json("[\"1\",\"2\",\"3\",\"4\",\"5\"]"));
        }

        @Test
        void stringSplitTreatsEachCharacterOfTheSplitterAsADelimiter() {
            // Docs (older revision): {"inputString": "This.is+a,test=string", "splitter": ".+,="}
            assertThat(eval("States.StringSplit($.inputString, $.splitter)",
                    "{\"inputString\": \"This.is+a,test=string\", \"splitter\": \".+,=\"}"))
                    .isEqualTo(json("[\"This\",\"is\",\"a\",\"test\",\"string\"]"));
        }

        @Test
        void uuidIsARandomVersion4Uuid() {
            // Docs: States.UUID() => e.g. "ca4c1140-dcc1-40cd-ad05-7b4aa23df4a8"
            String a = eval("States.UUID()", "{}").textValue();
            String b = eval("States.UUID()", "{}").textValue();
            assertThat(a).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(a).isNotEqualTo(b);
        }
    }

    @Nested
    class Syntax {
        @Test
        void nestsCallsAsTheDocsExampleDoes() {
            // Docs: the "myArn.$" example nesting ArrayGetItem and StringSplit inside Format
            JsonNode input = json("{\"ImageRecipe\": {\"Arn\": \"arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-recipe/1.2.3\"}}");
            JsonNode out = eval("States.Format('{}.{}.{}', "
                    + "States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), "
                    + "States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1), "
                    + "States.MathAdd(States.StringToJson(States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 2)), 1))",
                    input.toString());
            assertThat(out).isEqualTo(json("\"1.2.4\""));
        }

        @Test
        void readsContextObjectAndVariablePaths() {
            JsonNode context = json("{\"Execution\": {\"Name\": \"run-1\"}}");
            JsonNode variables = json("{\"greeting\": \"hi\", \"cfg\": {\"n\": 2}}");
            assertThat(Intrinsics.evaluate("States.Format('{} {} {}', $greeting, $$.Execution.Name, $cfg.n)",
                    json("{}"), context, variables)).isEqualTo(json("\"hi run-1 2\""));
        }

        @Test
        void pathArgumentsMayContainBracketsFiltersAndCommas() {
            JsonNode input = json("{\"a,b\": [1, 2], \"items\": [{\"k\": 1, \"v\": \"x\"}, {\"k\": 2, \"v\": \"y\"}]}");
            assertThat(Intrinsics.evaluate("States.ArrayLength($['a,b'])", input, null, null)).isEqualTo(json("2"));
            assertThat(Intrinsics.evaluate("States.Array($.items[?(@.k == 2)].v)", input, null, null))
                    .isEqualTo(json("[[\"y\"]]"));
        }

        @Test
        void literalsAreStringsNumbersBooleansAndNull() {
            assertThat(eval("States.Array('a', -1, 2.5, 1e2, true, false, null)", "{}"))
                    .isEqualTo(json("[\"a\", -1, 2.5, 1e2, true, false, null]"));
            assertThat(eval("  States.Array( 'x' ,  1 )  ", "{}")).isEqualTo(json("[\"x\", 1]"));
        }

        @Test
        void missingPathArgumentIsAStatesRuntimeError() {
            assertThatThrownBy(() -> eval("States.Format('{}', $.missing)", "{}"))
                    .isInstanceOfSatisfying(StatesError.class, e -> {
                        assertThat(e.error()).isEqualTo("States.Runtime");
                        assertThat(e.cause()).contains("$.missing");
                    });
        }

        @ParameterizedTest
        @ValueSource(strings = {"States.Nope(1)", "States.Format(", "States.Format('a'", "States.Format('a' 'b')",
                "States.Array(1,)", "States.Array(,1)", "States.Format('open \\')", "States.Format('bad \\n escape')",
                "States.Array(1) trailing", "Foo.Bar()", "States.Array(bogus)", "States.UUID(1)",
                "States.ArrayLength()", "States.MathRandom(1)", "States.Array(1..2)"})
        void malformedCallsAreIntrinsicFailures(String expression) {
            assertThatThrownBy(() -> eval(expression, "{}"))
                    .isInstanceOfSatisfying(StatesError.class,
                            e -> assertThat(e.error()).isEqualTo("States.IntrinsicFailure"));
        }
    }

    @Nested
    class Validate {
        @Test
        void acceptsWellFormedCalls() {
            assertThat(Intrinsics.validate("States.Format('Hello, {}', $.name)")).isEmpty();
            assertThat(Intrinsics.validate("States.Array()")).isEmpty();
            assertThat(Intrinsics.validate("States.MathRandom($.a, $.b, 3)")).isEmpty();
            assertThat(Intrinsics.validate("States.ArrayGetItem($myVar.list, $$.Map.Item.Index)")).isEmpty();
        }

        @Test
        void reportsUnknownFunctionsAndWrongArgumentCounts() {
            assertThat(Intrinsics.validate("States.Nope(1)")).singleElement().asString()
                    .contains("Unknown intrinsic function States.Nope");
            assertThat(Intrinsics.validate("States.ArrayRange(1, 2)")).singleElement().asString()
                    .contains("takes 3 argument(s) but 2 were given");
            assertThat(Intrinsics.validate("States.MathRandom(1, 2, 3, 4)")).singleElement().asString()
                    .contains("takes 2 to 3 argument(s)");
            assertThat(Intrinsics.validate("States.Format()")).singleElement().asString()
                    .contains("takes at least 1 argument(s)");
            assertThat(Intrinsics.validate("States.Array(States.Nope(), States.UUID(1))")).hasSize(2);
        }

        @Test
        void reportsStaticallyKnownArgumentProblems() {
            assertThat(Intrinsics.validate("States.Format('{} {}', $.a)")).singleElement().asString()
                    .contains("2 placeholder(s)");
            assertThat(Intrinsics.validate("States.ArrayRange(1, 5000, 1)")).singleElement().asString()
                    .contains("more than the limit of 1000");
            assertThat(Intrinsics.validate("States.Hash($.a, 'CRC32')")).singleElement().asString()
                    .contains("not supported");
            assertThat(Intrinsics.validate("States.JsonMerge($.a, $.b, true)")).singleElement().asString()
                    .contains("deep merging");
            assertThat(Intrinsics.validate("States.MathAdd('1', 2)")).singleElement().asString()
                    .contains("must be an integer");
        }

        @Test
        void reportsBadPathsAndSyntax() {
            assertThat(Intrinsics.validate("States.Array($.a[)")).isNotEmpty();
            assertThat(Intrinsics.validate("States.Format('x)")).singleElement().asString()
                    .contains("unterminated string");
        }

        @Test
        void reportsMoreThanTenNestedCalls() {
            String ten = "States.Array(".repeat(10) + ")".repeat(10);
            String eleven = "States.Array(".repeat(11) + ")".repeat(11);
            assertThat(Intrinsics.validate(ten)).isEmpty();
            assertThat(Intrinsics.validate(eleven)).singleElement().asString().contains("nested at most 10");
            assertThat(eval(ten, "{}")).isEqualTo(json("[[[[[[[[[[]]]]]]]]]]"));
            assertFailure(eleven, "{}", "nested at most 10");
        }
    }
}
