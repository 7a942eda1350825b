package dev.serverlesscd.asl;

import static dev.serverlesscd.asl.AslTestSupport.json;
import static dev.serverlesscd.asl.AslTestSupport.run;
import static dev.serverlesscd.asl.AslTestSupport.types;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Distributed Map ("Using Map state in Distributed mode" in the developer guide): ProcessorConfig.Mode DISTRIBUTED runs
 * each item as a child execution; the parent's history shows the Map Run (MapRunStarted, MapRunSucceeded) and none of
 * the children's events. Without an ItemReader the items are the state's input at ItemsPath ("ItemsPath (Map,
 * JSONPath only)": only with JSON input passed from a previous state). A child's failure counts against the tolerated
 * failure threshold, 0 by default ("Setting failure thresholds for Distributed Map states"), so one failure fails the
 * Map Run with States.ExceedToleratedFailureThreshold.
 */
@Tag("unit")
class DistributedMapTest {
    private static final String PROCESSOR = "'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'STANDARD'},"
            + "'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}";

    @Test
    void items_from_a_previous_state_run_as_child_executions_and_the_parent_records_the_map_run() {
        Execution e = run("{'StartAt':'Prev','States':{"
                + "'Prev':{'Type':'Pass','Result':{'things':[{'id':1},{'id':2},{'id':3}]},'Next':'Dist'},"
                + "'Dist':{'Type':'Map','Label':'Things','ItemsPath':'$.things'," + PROCESSOR + ",'End':true}}}", "{}");
        assertThat(e.status()).as(e.error() + ": " + e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("[{'id':1},{'id':2},{'id':3}]"));
        assertThat(types(e)).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited",
                "MapStateEntered", "MapRunStarted", "MapRunSucceeded", "MapStateExited", "ExecutionSucceeded");
        String mapRunArn = e.history().get(4).details().get("mapRunStartedEventDetails").get("mapRunArn").asText();
        assertThat(mapRunArn).startsWith("arn:aws:states:eu-west-1:111122223333:mapRun:Test/Things:");
    }

    @Test
    void item_selector_sees_the_item_in_the_context_object() {
        Execution e = run("{'StartAt':'Dist','States':{'Dist':{'Type':'Map','ItemsPath':'$.items',"
                + "'ItemSelector':{'index.$':'$$.Map.Item.Index','value.$':'$$.Map.Item.Value','fixed':'x'},"
                + PROCESSOR + ",'End':true}}}", "{'items':['a','b']}");
        assertThat(e.output()).isEqualTo(json("[{'index':0,'value':'a','fixed':'x'},{'index':1,'value':'b','fixed':'x'}]"));
    }

    @Test
    void a_distributed_map_runs_nested_under_an_inline_map() {
        Execution e = run("{'StartAt':'Outer','States':{'Outer':{'Type':'Map','ItemsPath':'$.rows',"
                + "'ItemProcessor':{'StartAt':'Inner','States':{'Inner':{'Type':'Map'," + PROCESSOR + ",'End':true}}},"
                + "'End':true}}}", "{'rows':[[1,2],[3]]}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("[[1,2],[3]]"));
        assertThat(types(e)).contains("MapIterationStarted", "MapRunStarted", "MapRunSucceeded");
    }

    @Test
    void a_failed_child_execution_fails_the_map_run_past_the_default_threshold_of_zero() {
        Execution e = run("{'StartAt':'Dist','States':{'Dist':{'Type':'Map',"
                + "'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED'},'StartAt':'F','States':{'F':{'Type':'Fail',"
                + "'Error':'Boom','Cause':'bad item'}}},'End':true}}}", "[1]");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(types(e)).contains("MapRunStarted", "MapRunFailed").doesNotContain("FailStateEntered");
    }

    @Test
    void tolerated_failures_let_the_map_run_succeed_with_the_error_in_the_failed_slot() {
        Execution e = run("{'StartAt':'Dist','States':{'Dist':{'Type':'Map','ToleratedFailureCount':1,"
                + "'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED'},'StartAt':'C','States':{'C':{'Type':'Choice',"
                + "'Choices':[{'Variable':'$','NumericEquals':2,'Next':'F'}],'Default':'S'},"
                + "'F':{'Type':'Fail','Error':'Boom','Cause':'two'},'S':{'Type':'Succeed'}}},'End':true}}}", "[1,2,3]");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("[1,{'Error':'Boom','Cause':'two'},3]"));
    }

    @Test
    void item_batcher_groups_items_by_count_with_the_batch_input() {
        // "ItemBatcher (Map)": each child execution gets {"BatchInput": ..., "Items": [at most MaxItemsPerBatch]}.
        Execution e = run("{'StartAt':'Dist','States':{'Dist':{'Type':'Map','ItemBatcher':{'MaxItemsPerBatch':2,"
                + "'BatchInput':{'factor.$':'$.factor'}},'ItemsPath':'$.items'," + PROCESSOR + ",'End':true}}}",
                "{'factor':10,'items':[1,2,3,4,5]}");
        assertThat(e.status()).as(e.error() + ": " + e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("[{'BatchInput':{'factor':10},'Items':[1,2]},"
                + "{'BatchInput':{'factor':10},'Items':[3,4]},{'BatchInput':{'factor':10},'Items':[5]}]"));
    }

    @Test
    void item_batcher_keeps_each_batch_within_max_input_bytes() {
        // {"Items":["x","y"]} is 18 bytes, adding "z" makes 22: over 20, so "z" starts the next batch.
        Execution e = run("{'StartAt':'Dist','States':{'Dist':{'Type':'Map','ItemBatcher':{'MaxInputBytesPerBatch':20},"
                + PROCESSOR + ",'End':true}}}", "['x','y','z']");
        assertThat(e.output()).isEqualTo(json("[{'Items':['x','y']},{'Items':['z']}]"));
    }

    @Test
    void item_batcher_needs_a_distributed_map() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StateMachine.parse(("{'StartAt':'M','States':{'M':{"
                + "'Type':'Map','ItemBatcher':{'MaxItemsPerBatch':2},'ItemProcessor':{'StartAt':'P','States':{'P':{"
                + "'Type':'Pass','End':true}}},'End':true}}}").replace('\'', '"')))
                .isInstanceOf(AslValidationException.class).hasMessageContaining("ItemBatcher");
    }
}
