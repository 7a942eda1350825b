package dev.serverlesscd.asl.jsonpath;

import static dev.serverlesscd.asl.jsonpath.JsonTestSupport.json;
import static dev.serverlesscd.asl.jsonpath.JsonTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("unit")
class ChoiceRulesTest {
    private static final JsonNode NO_VARIABLES = json("{}");

    private static boolean matches(String rule, String input) {
        return ChoiceRules.matches(json(rule), json(input), NO_VARIABLES);
    }

    /** The Next of the first matching rule, as a Choice state picks it. */
    private static String firstMatch(JsonNode choices, JsonNode input) {
        for (JsonNode rule : choices) {
            if (ChoiceRules.matches(rule, input, NO_VARIABLES)) {
                return rule.get("Next").textValue();
            }
        }
        return "Default";
    }

    @Nested
    class DocsExamples {
        // Docs: "Choice workflow state", the Choice state example with Not, NumericEquals and And
        private final JsonNode choices = resource("choice-state-example.json");

        @Test
        void privateTypeWithValueInTheTwentiesGoesToValueInTwenties() {
            // Docs: input {"type": "Private", "value": 22} transitions to ValueInTwenties
            assertThat(firstMatch(choices, json("{\"type\": \"Private\", \"value\": 22}"))).isEqualTo("ValueInTwenties");
        }

        @Test
        void nonPrivateTypeGoesToPublic() {
            assertThat(firstMatch(choices, json("{\"type\": \"Public\", \"value\": 22}"))).isEqualTo("Public");
        }

        @Test
        void zeroGoesToValueIsZeroAndOtherValuesToTheDefault() {
            assertThat(firstMatch(choices, json("{\"type\": \"Private\", \"value\": 0}"))).isEqualTo("ValueIsZero");
            assertThat(firstMatch(choices, json("{\"type\": \"Private\", \"value\": 35}"))).isEqualTo("Default");
        }

        @Test
        void everyChoiceRuleOfTheExampleIsValid() {
            for (JsonNode rule : choices) {
                assertThat(ChoiceRules.validate(rule)).isEmpty();
            }
        }

        @Test
        void isPresentGuardsAMissingVariable() {
            // Docs: "Choice workflow state": And with IsPresent and IsNumeric before the numeric comparisons
            JsonNode rule = json("{\"And\": [{\"Variable\": \"$.value\", \"IsPresent\": true},"
                    + " {\"Variable\": \"$.value\", \"IsNumeric\": true},"
                    + " {\"Variable\": \"$.value\", \"NumericGreaterThanEquals\": 20},"
                    + " {\"Variable\": \"$.value\", \"NumericLessThan\": 30}], \"Next\": \"ValueInTwenties\"}");
            assertThat(ChoiceRules.matches(rule, json("{\"value\": 25}"), NO_VARIABLES)).isTrue();
            assertThat(ChoiceRules.matches(rule, json("{\"value\": \"25\"}"), NO_VARIABLES)).isFalse();
            assertThat(ChoiceRules.matches(rule, json("{}"), NO_VARIABLES)).isFalse();
        }

        @Test
        void dataTestExpressionsOfTheDocs() {
            // Docs: "Choice workflow state", data-test expression examples
            assertThat(matches("{\"Variable\": \"$.foo\", \"NumericEquals\": 1}", "{\"foo\": 1}")).isTrue();
            assertThat(matches("{\"Variable\": \"$.foo\", \"StringEquals\": \"MyString\"}", "{\"foo\": \"MyString\"}")).isTrue();
            assertThat(matches("{\"Variable\": \"$.foo\", \"StringLessThan\": \"MyStringABC\"}", "{\"foo\": \"MyStringAB\"}")).isTrue();
            assertThat(matches("{\"Variable\": \"$.foo\", \"BooleanEquals\": true}", "{\"foo\": true}")).isTrue();
            assertThat(matches("{\"Variable\": \"$.foo\", \"TimestampEquals\": \"2001-01-01T12:00:00Z\"}",
                    "{\"foo\": \"2001-01-01T12:00:00Z\"}")).isTrue();
            assertThat(matches("{\"Variable\": \"$.foo\", \"StringEqualsPath\": \"$.bar\"}", "{\"foo\": \"x\", \"bar\": \"x\"}")).isTrue();
        }

        @Test
        void stringMatchesUsesStarWildcards() {
            // Docs: StringMatches "log-*.txt" and escapes "\\*" for a literal star
            String rule = "{\"Variable\": \"$.foo\", \"StringMatches\": \"log-*.txt\"}";
            assertThat(matches(rule, "{\"foo\": \"log-2020-01-01.txt\"}")).isTrue();
            assertThat(matches(rule, "{\"foo\": \"log-.txt\"}")).isTrue();
            assertThat(matches(rule, "{\"foo\": \"log-2020.csv\"}")).isFalse();
            assertThat(matches(rule, "{\"foo\": \"xlog-1.txt\"}")).isFalse();
            assertThat(matches("{\"Variable\": \"$.foo\", \"StringMatches\": \"a\\\\*b\"}", "{\"foo\": \"a*b\"}")).isTrue();
            assertThat(matches("{\"Variable\": \"$.foo\", \"StringMatches\": \"a\\\\*b\"}", "{\"foo\": \"axxb\"}")).isFalse();
            assertThat(matches("{\"Variable\": \"$.foo\", \"StringMatches\": \"*.[a]+?\"}", "{\"foo\": \"x.[a]+?\"}")).isTrue();
        }
    }

    @Nested
    class Operators {
        @ParameterizedTest(name = "{0} {1} vs {2} -> {3}")
        @CsvSource(delimiter = '|', value = {
                "StringEquals|\"abc\"|\"abc\"|true",
                "StringEquals|\"abc\"|\"abd\"|false",
                "StringLessThan|\"abc\"|\"abd\"|true",
                "StringLessThanEquals|\"abc\"|\"abc\"|true",
                "StringGreaterThan|\"b\"|\"a\"|true",
                "StringGreaterThanEquals|\"a\"|\"b\"|false",
                "NumericEquals|1|1.0|true",
                "NumericEquals|1|2|false",
                "NumericLessThan|1.5|2|true",
                "NumericLessThanEquals|2|2|true",
                "NumericGreaterThan|-1|-2|true",
                "NumericGreaterThanEquals|1|2|false",
                "BooleanEquals|false|false|true",
                "BooleanEquals|true|false|false",
                "TimestampEquals|\"2016-03-14T01:59:00Z\"|\"2016-03-14T02:59:00+01:00\"|true",
                "TimestampLessThan|\"2016-03-14T01:59:00Z\"|\"2016-03-14T01:59:00.001Z\"|true",
                "TimestampLessThanEquals|\"2016-03-14T01:59:00Z\"|\"2016-03-14T01:59:00Z\"|true",
                "TimestampGreaterThan|\"2017-01-01T00:00:00Z\"|\"2016-03-14T01:59:00Z\"|true",
                "TimestampGreaterThanEquals|\"2015-01-01T00:00:00Z\"|\"2016-03-14T01:59:00Z\"|false",
        })
        void comparesValuesAndPathOperands(String operator, String value, String operand, boolean expected) {
            // GIVEN the literal form and the ...Path form of the same comparison
            String literal = "{\"Variable\": \"$.v\", \"" + operator + "\": " + operand + "}";
            String path = "{\"Variable\": \"$.v\", \"" + operator + "Path\": \"$.o\"}";
            String input = "{\"v\": " + value + ", \"o\": " + operand + "}";
            // WHEN / THEN
            assertThat(matches(literal, input)).isEqualTo(expected);
            assertThat(matches(path, input)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0} of {1} -> {2}")
        @CsvSource(delimiter = '|', value = {
                "IsNull|null|true", "IsNull|0|false",
                "IsNumeric|1.5|true", "IsNumeric|\"1\"|false",
                "IsString|\"s\"|true", "IsString|1|false",
                "IsBoolean|false|true", "IsBoolean|\"true\"|false",
                "IsTimestamp|\"2016-03-14T01:59:00Z\"|true", "IsTimestamp|\"2016-03-14T01:59:00.123+05:30\"|true",
                "IsTimestamp|\"2016-03-14t01:59:00z\"|false", "IsTimestamp|\"2016-03-14\"|false",
                "IsTimestamp|\"2016-03-14T01:59Z\"|false", "IsTimestamp|12|false",
                "IsPresent|null|true",
        })
        void typeTestsCheckTheValuesType(String operator, String value, boolean expected) {
            String input = "{\"v\": " + value + "}";
            assertThat(matches("{\"Variable\": \"$.v\", \"" + operator + "\": true}", input)).isEqualTo(expected);
            assertThat(matches("{\"Variable\": \"$.v\", \"" + operator + "\": false}", input)).isEqualTo(!expected);
        }

        @Test
        void isPresentIsFalseForAMissingVariable() {
            assertThat(matches("{\"Variable\": \"$.missing\", \"IsPresent\": true}", "{}")).isFalse();
            assertThat(matches("{\"Variable\": \"$.missing\", \"IsPresent\": false}", "{}")).isTrue();
            assertThat(matches("{\"Variable\": \"$.a[3]\", \"IsPresent\": true}", "{\"a\": [1]}")).isFalse();
        }

        @Test
        void comparisonAgainstAValueOfTheWrongTypeIsFalseNotAnError() {
            assertThat(matches("{\"Variable\": \"$.v\", \"NumericEquals\": 1}", "{\"v\": \"1\"}")).isFalse();
            assertThat(matches("{\"Variable\": \"$.v\", \"StringEquals\": \"1\"}", "{\"v\": 1}")).isFalse();
            assertThat(matches("{\"Variable\": \"$.v\", \"BooleanEquals\": true}", "{\"v\": \"true\"}")).isFalse();
            assertThat(matches("{\"Variable\": \"$.v\", \"TimestampEquals\": \"2016-03-14T01:59:00Z\"}", "{\"v\": \"yesterday\"}")).isFalse();
            assertThat(matches("{\"Variable\": \"$.v\", \"NumericLessThan\": 1}", "{\"v\": null}")).isFalse();
            assertThat(matches("{\"Variable\": \"$.v\", \"NumericEqualsPath\": \"$.o\"}", "{\"v\": 1, \"o\": \"1\"}")).isFalse();
        }

        @Test
        void missingVariableIsAStatesRuntimeError() {
            assertThatThrownBy(() -> matches("{\"Variable\": \"$.missing\", \"StringEquals\": \"x\"}", "{}"))
                    .isInstanceOfSatisfying(StatesError.class, e -> {
                        assertThat(e.error()).isEqualTo("States.Runtime");
                        assertThat(e.cause()).isEqualTo("Invalid path '$.missing': The choice state's condition path"
                                + " references an invalid value.");
                    });
            assertThatThrownBy(() -> matches("{\"Variable\": \"$.missing\", \"IsNull\": true}", "{}"))
                    .isInstanceOf(StatesError.class);
        }

        @Test
        void missingPathOperandIsAStatesRuntimeError() {
            assertThatThrownBy(() -> matches("{\"Variable\": \"$.v\", \"NumericEqualsPath\": \"$.nope\"}", "{\"v\": 1}"))
                    .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.cause()).contains("$.nope"));
        }

        @Test
        void variablesAndContextCanBeCompared() {
            // GIVEN
            JsonNode variables = json("{\"limit\": 10, \"cfg\": {\"env\": \"prod\"}}");
            JsonNode context = json("{\"Execution\": {\"Name\": \"run-1\"}}");
            // WHEN / THEN
            assertThat(ChoiceRules.matches(json("{\"Variable\": \"$.n\", \"NumericLessThanPath\": \"$limit\"}"),
                    json("{\"n\": 3}"), variables)).isTrue();
            assertThat(ChoiceRules.matches(json("{\"Variable\": \"$cfg.env\", \"StringEquals\": \"prod\"}"),
                    json("{}"), variables)).isTrue();
            assertThat(ChoiceRules.matches(json("{\"Variable\": \"$$.Execution.Name\", \"StringMatches\": \"run-*\"}"),
                    json("{}"), context, variables)).isTrue();
        }

        @Test
        void booleanCombinatorsNest() {
            String rule = "{\"Or\": [{\"Variable\": \"$.a\", \"BooleanEquals\": true},"
                    + " {\"And\": [{\"Variable\": \"$.n\", \"NumericGreaterThan\": 1},"
                    + " {\"Not\": {\"Variable\": \"$.s\", \"StringEquals\": \"no\"}}]}]}";
            assertThat(matches(rule, "{\"a\": true, \"n\": 0, \"s\": \"no\"}")).isTrue();
            assertThat(matches(rule, "{\"a\": false, \"n\": 2, \"s\": \"yes\"}")).isTrue();
            assertThat(matches(rule, "{\"a\": false, \"n\": 2, \"s\": \"no\"}")).isFalse();
            assertThat(matches(rule, "{\"a\": false, \"n\": 0, \"s\": \"yes\"}")).isFalse();
        }

        @Test
        void orStopsAtTheFirstMatchSoLaterMissingPathsDoNotFail() {
            assertThat(matches("{\"Or\": [{\"Variable\": \"$.a\", \"IsPresent\": true}, {\"Variable\": \"$.b\", \"IsNull\": true}]}",
                    "{\"a\": 1}")).isTrue();
            assertThat(matches("{\"And\": [{\"Variable\": \"$.a\", \"IsPresent\": true}, {\"Variable\": \"$.a\", \"IsNull\": true}]}",
                    "{}")).isFalse();
        }
    }

    @Nested
    class Validate {
        @Test
        void reportsMissingAndMultipleOperators() {
            assertThat(ChoiceRules.validate(json("{\"Variable\": \"$.a\", \"Next\": \"X\"}")))
                    .singleElement().asString().contains("no comparison operator");
            assertThat(ChoiceRules.validate(json("{\"Variable\": \"$.a\", \"StringEquals\": \"x\", \"IsNull\": true, \"Next\": \"X\"}")))
                    .singleElement().asString().contains("several comparison operators");
        }

        @Test
        void reportsUnknownOperators() {
            assertThat(ChoiceRules.validate(json("{\"Variable\": \"$.a\", \"StringContains\": \"x\", \"Next\": \"X\"}")))
                    .anySatisfy(p -> assertThat(p).contains("unknown comparison operator or field 'StringContains'"));
            assertThat(ChoiceRules.validate(json("{\"Variable\": \"$.a\", \"StringMatchesPath\": \"$.b\", \"Next\": \"X\"}")))
                    .anySatisfy(p -> assertThat(p).contains("'StringMatchesPath'"));
        }

        @Test
        void reportsBadVariablesAndPathOperands() {
            assertThat(ChoiceRules.validate(json("{\"StringEquals\": \"x\", \"Next\": \"X\"}")))
                    .singleElement().asString().contains("Variable field is missing");
            assertThat(ChoiceRules.validate(json("{\"Variable\": \"a.b\", \"StringEquals\": \"x\", \"Next\": \"X\"}")))
                    .singleElement().asString().contains("rule.Variable");
            assertThat(ChoiceRules.validate(json("{\"Variable\": \"$.a\", \"StringEqualsPath\": \"$.b[\", \"Next\": \"X\"}")))
                    .singleElement().asString().contains("rule.StringEqualsPath");
        }

        @Test
        void reportsOperandsOfTheWrongType() {
            assertThat(ChoiceRules.validate(json("{\"Variable\": \"$.a\", \"NumericEquals\": \"1\"}")))
                    .singleElement().asString().contains("must be a number");
            assertThat(ChoiceRules.validate(json("{\"Variable\": \"$.a\", \"StringEquals\": 1}")))
                    .singleElement().asString().contains("must be a string");
            assertThat(ChoiceRules.validate(json("{\"Variable\": \"$.a\", \"IsNull\": \"true\"}")))
                    .singleElement().asString().contains("true or false");
            assertThat(ChoiceRules.validate(json("{\"Variable\": \"$.a\", \"TimestampEquals\": \"2016-03-14\"}")))
                    .singleElement().asString().contains("RFC 3339");
        }

        @Test
        void validatesNestedRules() {
            var problems = ChoiceRules.validate(json("{\"And\": [{\"Variable\": \"$.a\", \"Bogus\": 1},"
                    + " {\"Not\": {\"Variable\": \"$.b\"}}], \"Next\": \"X\"}"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("rule.And[0]").contains("'Bogus'"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("rule.And[1].Not").contains("no comparison operator"));
            assertThat(ChoiceRules.validate(json("{\"Or\": [], \"Next\": \"X\"}")))
                    .singleElement().asString().contains("non-empty array");
            assertThat(ChoiceRules.validate(json("{\"Not\": {\"Variable\": \"$.a\", \"IsNull\": true, \"Next\": \"Y\"}, \"Next\": \"X\"}")))
                    .singleElement().asString().contains("must not have Next");
        }

        @Test
        void acceptsVariablesAndContextPaths() {
            assertThat(ChoiceRules.validate(json("{\"Variable\": \"$myVar.x\", \"NumericEqualsPath\": \"$$.Map.Item.Index\", \"Next\": \"X\"}")))
                    .isEmpty();
        }
    }
}
