package dev.serverlesscd.asl;

import static dev.serverlesscd.asl.AslTestSupport.json;
import static dev.serverlesscd.asl.AslTestSupport.machine;
import static dev.serverlesscd.asl.AslTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Variables in the JSONPath fields that read data, as "Passing data between states with variables" describes: a
 * variable assigned with Assign is referenced as {@code $name} (or {@code $name.field}) wherever a JSONPath field
 * reads a value, while ResultPath, which writes into the state's output, cannot name one. ErrorPath and CausePath of
 * a Fail state may read the context object ("Accessing the Context object": {@code $$.State.Name},
 * {@code $$.StateMachine.Name}). Expected values are derived step by step from those pages.
 */
@Tag("unit")
class VariablesInJsonPathFieldsTest {
    @Test
    void input_path_and_output_path_read_a_variable() {
        // Assign theAnswer = {"value": 42}; InputPath $theAnswer makes it the effective input, passed through.
        Execution e = run("{'StartAt':'A','States':{"
                + "'A':{'Type':'Pass','Assign':{'theAnswer':{'value':42},'other':{'x':1}},'Next':'B'},"
                + "'B':{'Type':'Pass','InputPath':'$theAnswer','Next':'C'},"
                + "'C':{'Type':'Pass','OutputPath':'$other.x','End':true}}}", "{}");
        assertThat(e.status()).as(e.error() + ": " + e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("1"));
        assertThat(e.history().stream().filter(h -> h.type().equals("PassStateExited")).skip(1).findFirst()
                .orElseThrow().details().get("stateExitedEventDetails").get("output").asText())
                .isEqualTo("{\"value\":42}");
    }

    @Test
    void items_path_and_max_concurrency_path_read_variables() {
        // Items from $items, MaxConcurrency from $max: each item goes through the Pass iteration unchanged.
        Execution e = run("{'StartAt':'A','States':{"
                + "'A':{'Type':'Pass','Assign':{'items':[1,2,3],'max':1},'Next':'M'},"
                + "'M':{'Type':'Map','ItemsPath':'$items','MaxConcurrencyPath':'$max',"
                + "'ItemProcessor':{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}},'End':true}}}", "{}");
        assertThat(e.status()).as(e.error() + ": " + e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("[1,2,3]"));
    }

    @Test
    void tolerated_failure_paths_and_seconds_path_read_variables() {
        // One of two iterations fails; ToleratedFailureCountPath $tolerated = 1 tolerates it. SecondsPath $wait = 0.
        Execution e = run("{'StartAt':'A','States':{"
                + "'A':{'Type':'Pass','Assign':{'tolerated':1,'pct':50,'wait':0},'Next':'W'},"
                + "'W':{'Type':'Wait','SecondsPath':'$wait','Next':'M'},"
                + "'M':{'Type':'Map','ToleratedFailureCountPath':'$tolerated','ToleratedFailurePercentagePath':'$pct',"
                + "'ItemProcessor':{'StartAt':'C','States':{'C':{'Type':'Choice','Choices':[{'Variable':'$','NumericEquals':1,"
                + "'Next':'Bad'}],'Default':'Good'},'Bad':{'Type':'Fail','Error':'E','Cause':'c'},'Good':{'Type':'Succeed'}}},"
                + "'End':true}}}", "[1,2]");
        assertThat(e.status()).as(e.error() + ": " + e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("[{'Error':'E','Cause':'c'},2]"));
    }

    @Test
    void payload_template_fields_read_a_variable_and_its_fields() {
        Execution e = run("{'StartAt':'A','States':{"
                + "'A':{'Type':'Pass','Assign':{'user':{'name':'Ana','tags':['x','y']}},'Next':'B'},"
                + "'B':{'Type':'Pass','Parameters':{'who.$':'$user.name','first.$':'$user.tags[0]','all.$':'$user'},'End':true}}}",
                "{}");
        assertThat(e.output()).isEqualTo(json("{'who':'Ana','first':'x','all':{'name':'Ana','tags':['x','y']}}"));
    }

    @Test
    void fail_error_path_reads_a_variable_and_cause_path_reads_the_context_object() {
        Execution e = run("{'StartAt':'A','States':{"
                + "'A':{'Type':'Pass','Assign':{'err':'Custom.Error'},'Next':'F'},"
                + "'F':{'Type':'Fail','ErrorPath':'$err','CausePath':'$$.State.Name'}}}", "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("Custom.Error");
        assertThat(e.cause()).isEqualTo("F");

        // SM_ARN names the state machine "Test".
        Execution named = run("{'StartAt':'F','States':{'F':{'Type':'Fail','ErrorPath':'$$.StateMachine.Name',"
                + "'CausePath':'$$.State.Name'}}}", "{}");
        assertThat(named.error()).isEqualTo("Test");
    }

    @Test
    void result_path_cannot_name_a_variable() {
        assertThatThrownBy(() -> StateMachine.parse(("{'StartAt':'A','States':{'A':{'Type':'Pass','ResultPath':'$x',"
                + "'End':true}}}").replace('\'', '"')))
                .isInstanceOfSatisfying(AslValidationException.class,
                        e -> assertThat(e.problems()).anyMatch(p -> p.contains("ResultPath")));
        // and a variable in a reading field is accepted
        assertThat(machine("{'StartAt':'A','States':{'A':{'Type':'Wait','TimestampPath':'$when','End':true}}}")).isNotNull();
    }
}
