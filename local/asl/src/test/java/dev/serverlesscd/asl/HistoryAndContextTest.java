package dev.serverlesscd.asl;

import static dev.serverlesscd.asl.AslTestSupport.json;
import static dev.serverlesscd.asl.AslTestSupport.types;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** History events with GetExecutionHistory's types and details, and the context object. */
@Tag("unit")
class HistoryAndContextTest {

    private static ObjectNode details(Execution e, String type) {
        return e.history().stream().filter(h -> h.type().equals(type)).findFirst().orElseThrow().details();
    }

    @Test
    void a_task_records_the_aws_event_sequence_and_details() {
        // GIVEN a lambda:invoke task with a variable assignment
        TaskBindings bindings = TaskBindings.builder().bind("arn:aws:states:::lambda:invoke", inv -> json("{'Payload':{'ok':true}}")).build();

        // WHEN
        Execution e = AslTestSupport.run(bindings, "{'QueryLanguage':'JSONata','StartAt':'Deploy','States':{'Deploy':{'Type':'Task',"
                + "'Resource':'arn:aws:states:::lambda:invoke','Arguments':{'FunctionName':'deploy','Payload':{'env':'{% $states.input.env %}'}},"
                + "'TimeoutSeconds':300,'Assign':{'deployed':'{% $states.result.Payload.ok %}'},'Output':'{% $states.result.Payload %}','End':true}}}",
                "{'env':'prod'}");

        // THEN
        assertThat(types(e)).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded",
                "TaskStateExited", "ExecutionSucceeded");
        List<HistoryEvent> h = e.history();
        for (int i = 0; i < h.size(); i++) {
            assertThat(h.get(i).id()).isEqualTo(i + 1);
            assertThat(h.get(i).previousEventId()).isEqualTo(i);
        }
        assertThat(details(e, "ExecutionStarted").get("executionStartedEventDetails").get("input").asText()).isEqualTo("{\"env\":\"prod\"}");
        assertThat(details(e, "ExecutionStarted").get("executionStartedEventDetails").get("roleArn").asText()).startsWith("arn:aws:iam::111122223333:role/");
        assertThat(details(e, "TaskStateEntered")).isEqualTo(json("{'stateEnteredEventDetails':{'name':'Deploy','input':'{\\'env\\':\\'prod\\'}','inputDetails':{'truncated':false}}}".replace("\\'", "\\\"")));
        JsonNode scheduled = details(e, "TaskScheduled").get("taskScheduledEventDetails");
        assertThat(scheduled.get("resourceType").asText()).isEqualTo("lambda");
        assertThat(scheduled.get("resource").asText()).isEqualTo("invoke");
        assertThat(scheduled.get("region").asText()).isEqualTo("eu-west-1");
        assertThat(json(scheduled.get("parameters").asText())).isEqualTo(json("{'FunctionName':'deploy','Payload':{'env':'prod'}}"));
        assertThat(scheduled.get("timeoutInSeconds").asLong()).isEqualTo(300);
        assertThat(details(e, "TaskStarted")).isEqualTo(json("{'taskStartedEventDetails':{'resourceType':'lambda','resource':'invoke'}}"));
        assertThat(json(details(e, "TaskSucceeded").get("taskSucceededEventDetails").get("output").asText())).isEqualTo(json("{'Payload':{'ok':true}}"));
        JsonNode exited = details(e, "TaskStateExited").get("stateExitedEventDetails");
        assertThat(exited.get("name").asText()).isEqualTo("Deploy");
        assertThat(exited.get("assignedVariables")).isEqualTo(json("{'deployed':'true'}"));
        assertThat(exited.get("assignedVariablesDetails")).isEqualTo(json("{'truncated':false}"));
        assertThat(json(details(e, "ExecutionSucceeded").get("executionSucceededEventDetails").get("output").asText())).isEqualTo(json("{'ok':true}"));
        assertThat(e.executionArn()).isEqualTo("arn:aws:states:eu-west-1:111122223333:execution:Test:test");
    }

    @Test
    void a_failed_execution_records_the_error_and_cause() {
        Execution e = AslTestSupport.run("{'StartAt':'F','States':{'F':{'Type':'Fail','Error':'DeployFailed','Cause':'rollout stuck'}}}", "{}");
        assertThat(types(e)).containsExactly("ExecutionStarted", "FailStateEntered", "ExecutionFailed");
        assertThat(details(e, "ExecutionFailed")).isEqualTo(json("{'executionFailedEventDetails':{'error':'DeployFailed','cause':'rollout stuck'}}"));
    }

    @Test
    void parallel_and_map_record_their_started_and_iteration_events() {
        Execution e = AslTestSupport.run("{'StartAt':'P','States':{'P':{'Type':'Parallel','Branches':[{'StartAt':'A','States':{'A':{'Type':'Pass','End':true}}}],'Next':'M'},"
                + "'M':{'Type':'Map','ItemProcessor':{'StartAt':'B','States':{'B':{'Type':'Pass','End':true}}},'End':true}}}", "[1,2]");
        assertThat(types(e)).containsSubsequence("ParallelStateEntered", "ParallelStateStarted", "PassStateEntered", "PassStateExited",
                "ParallelStateSucceeded", "ParallelStateExited", "MapStateEntered", "MapStateStarted", "MapIterationStarted",
                "MapIterationSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded");
        assertThat(details(e, "MapStateStarted")).isEqualTo(json("{'mapStateStartedEventDetails':{'length':1}}"));
        assertThat(details(e, "MapIterationStarted")).isEqualTo(json("{'mapIterationStartedEventDetails':{'name':'M','index':0}}"));
        assertThat(e.output()).isEqualTo(json("[[1,2]]"));
    }

    @Test
    void the_context_object_has_execution_state_and_state_machine_fields() {
        // GIVEN a JSONPath state reading $$ and a JSONata state reading $states.context
        Execution e = AslTestSupport.run("{'StartAt':'A','States':{'A':{'Type':'Pass','Parameters':{'ctx.$':'$$'},'Next':'B'},"
                + "'B':{'Type':'Pass','QueryLanguage':'JSONata','Output':{'jsonpath':'{% $states.input.ctx %}','jsonata':'{% $states.context %}'},'End':true}}}",
                "{'k':'v'}");

        // THEN both see the same shape
        JsonNode ctx = e.output().get("jsonpath");
        assertThat(ctx.at("/Execution/Id").asText()).isEqualTo("arn:aws:states:eu-west-1:111122223333:execution:Test:test");
        assertThat(ctx.at("/Execution/Name").asText()).isEqualTo("test");
        assertThat(ctx.at("/Execution/Input")).isEqualTo(json("{'k':'v'}"));
        assertThat(ctx.at("/Execution/StartTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(ctx.at("/Execution/RoleArn").asText()).startsWith("arn:aws:iam::111122223333:role/");
        assertThat(ctx.at("/State/Name").asText()).isEqualTo("A");
        assertThat(ctx.at("/State/RetryCount").asInt()).isZero();
        assertThat(ctx.at("/State/EnteredTime").isTextual()).isTrue();
        assertThat(ctx.at("/StateMachine/Id").asText()).isEqualTo(AslTestSupport.SM_ARN);
        assertThat(ctx.at("/StateMachine/Name").asText()).isEqualTo("Test");
        JsonNode ctx2 = e.output().get("jsonata");
        assertThat(ctx2.at("/State/Name").asText()).isEqualTo("B");
        assertThat(ctx2.at("/Execution/Id")).isEqualTo(ctx.at("/Execution/Id"));
    }

    @Test
    void choice_jsonpath_assign_and_variable_references_in_rules() {
        Execution e = AslTestSupport.run("{'StartAt':'A','States':{'A':{'Type':'Pass','Assign':{'limit':10},'Next':'C'},"
                + "'C':{'Type':'Choice','Choices':[{'Variable':'$.n','NumericGreaterThanPath':'$limit','Next':'Big','Assign':{'size':'big'}}],'Default':'Small'},"
                + "'Big':{'Type':'Pass','Parameters':{'size.$':'$size'},'End':true},'Small':{'Type':'Pass','Result':'small','End':true}}}",
                "{'n':42}");
        assertThat(e.output()).isEqualTo(json("{'size':'big'}"));
    }

    @Test
    void sync_resources_are_passed_to_bindings_as_sync() {
        TaskBindings bindings = TaskBindings.builder().bind("arn:aws:states:::codebuild:startBuild.sync",
                inv -> json("{'pattern':'" + inv.pattern() + "','state':'" + inv.stateName() + "'}")).build();
        Execution e = AslTestSupport.run(bindings, "{'StartAt':'Build','States':{'Build':{'Type':'Task','Resource':'arn:aws:states:::codebuild:startBuild.sync',"
                + "'Parameters':{'ProjectName':'p'},'End':true}}}", "{}");
        assertThat(e.output()).isEqualTo(json("{'pattern':'SYNC','state':'Build'}"));
        assertThat(details(e, "TaskScheduled").at("/taskScheduledEventDetails/resource").asText()).isEqualTo("startBuild.sync");
    }
}
