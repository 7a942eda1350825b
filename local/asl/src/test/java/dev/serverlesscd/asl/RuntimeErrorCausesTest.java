package dev.serverlesscd.asl;

import static dev.serverlesscd.asl.AslTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The States.Runtime and States.QueryEvaluationError causes of invalid Wait and Map values. The developer guide names
 * the errors but does not print these causes; the texts are AWS's as its executions record them (the wording LocalStack's
 * snapshot-tested provider also reproduces). Which Wait timestamps are valid comes from the "Wait workflow state"
 * page: "an uppercase T must separate the date and time portions, and an uppercase Z must denote that a numeric time
 * zone offset is not present".
 */
@Tag("unit")
class RuntimeErrorCausesTest {
    private static Execution waitFor(String field, String input) {
        return run("{'StartAt':'W','States':{'W':{'Type':'Wait'," + field + ",'End':true}}}", input);
    }

    private static void assertFails(Execution e, String error, String cause) {
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(error);
        assertThat(e.cause()).isEqualTo(cause);
    }

    @Test
    void seconds_path_values_that_are_not_a_non_negative_whole_number() {
        assertFails(waitFor("'SecondsPath':'$.s'", "{'s':'abc'}"), "States.Runtime",
                "The SecondsPath parameter cannot be parsed as a long value: $.s == abc");
        assertFails(waitFor("'SecondsPath':'$.s'", "{'s':1.5}"), "States.Runtime",
                "The SecondsPath parameter cannot be parsed as a long value: $.s == 1.5");
        assertFails(waitFor("'SecondsPath':'$.s'", "{'s':-5}"), "States.Runtime",
                "The SecondsPath parameter references a negative value: $.s == -5");
        assertFails(waitFor("'SecondsPath':'$.nope'", "{}"), "States.Runtime",
                "The SecondsPath parameter does not reference an input value: $.nope");
    }

    @Test
    void timestamp_path_values_that_are_not_a_timestamp() {
        assertFails(waitFor("'TimestampPath':'$.t'", "{'t':'tomorrow'}"), "States.Runtime",
                "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format"
                        + " string: $.t == tomorrow");
        assertFails(waitFor("'TimestampPath':'$.t'", "{'t':5}"), "States.Runtime",
                "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format"
                        + " string: $.t == 5");
    }

    private static Execution mapWith(String field, String input) {
        return run("{'StartAt':'M','States':{'M':{'Type':'Map','ItemsPath':'$.items'," + field
                + ",'ItemProcessor':{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}},'End':true}}}", input);
    }

    @Test
    void max_concurrency_path_values() {
        assertFails(mapWith("'MaxConcurrencyPath':'$.m'", "{'items':[1],'m':'x'}"), "States.Runtime",
                "The MaxConcurrencyPath field refers to value \"x\" which is not a valid integer: $.m");
        assertFails(mapWith("'MaxConcurrencyPath':'$.m'", "{'items':[1],'m':-1}"), "States.Runtime",
                "Expected non-negative integer for MaxConcurrency, got '-1' instead.");
        // 0 is MaxConcurrency's "no limit" ("Map workflow state"), from a path as from the field.
        assertThat(mapWith("'MaxConcurrencyPath':'$.m'", "{'items':[1,2],'m':0}").status())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void tolerated_failure_path_values() {
        assertFails(mapWith("'ToleratedFailureCountPath':'$.c'", "{'items':[1],'c':'abc'}"), "States.Runtime",
                "The ToleratedFailureCountPath field refers to value \"abc\" which is not a valid integer: $.c");
        assertFails(mapWith("'ToleratedFailureCountPath':'$.c'", "{'items':[1],'c':-1}"), "States.Runtime",
                "ToleratedFailureCount cannot be negative.");
        assertFails(mapWith("'ToleratedFailurePercentagePath':'$.p'", "{'items':[1],'p':150}"), "States.Runtime",
                "ToleratedFailurePercentage must be between 0 and 100.");
        assertFails(mapWith("'ToleratedFailurePercentagePath':'$.p'", "{'items':[1],'p':'lots'}"), "States.Runtime",
                "The ToleratedFailurePercentagePath field refers to value \"lots\" which is not a valid float: $.p");
    }

    @Test
    void jsonata_items_that_are_not_an_array() {
        Execution e = run("{'QueryLanguage':'JSONata','StartAt':'M','States':{'M':{'Type':'Map',"
                + "'Items':'{% $states.input.obj %}','ItemProcessor':{'StartAt':'P','States':{'P':{'Type':'Pass',"
                + "'End':true}}},'End':true}}}", "{'obj':{'a':1}}");
        assertThat(e.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(e.cause()).isEqualTo("An error occurred while executing the state 'M' (entered at the event id #2)."
                + " The JSONata expression '$states.input.obj' specified for the field 'Items' returned an unexpected"
                + " result type. Expected 'array', but was 'object' for value: {\"a\":1}");
    }

    private static Execution jsonataWait(String timestamp) {
        return run("{'QueryLanguage':'JSONata','StartAt':'W','States':{'W':{'Type':'Wait',"
                + "'Timestamp':'{% $states.input.t %}','End':true}}}", "{'t':'" + timestamp + "'}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2020-01-01T00:00:00Z", "2020-01-01T00:00:00.5Z", "2020-01-01T00:00:00.123456Z"})
    void jsonata_wait_timestamps_with_seconds_and_fractions_are_accepted(String timestamp) {
        assertThat(jsonataWait(timestamp).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2020-01-01 00:00:00Z", "2020-01-01T00:00:00", "2020-01-01T00:00Z", "2020-02-30T00:00:00Z",
            "2020-01-01T25:00:00Z", "2020-01-01t00:00:00z"})
    void jsonata_wait_timestamps_without_t_z_or_seconds_or_that_do_not_exist_fail(String timestamp) {
        assertFails(jsonataWait(timestamp), "States.Runtime",
                "The Timestamp parameter does not reference a valid ISO-8601 extended offset date-time format string:"
                        + " {% $states.input.t %} == " + timestamp);
    }
}
