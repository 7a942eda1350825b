package dev.serverlesscd.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What CreateStateMachine rejects, each problem naming the state and the field. */
@Tag("unit")
class StateMachineValidationTest {

    private static List<String> problems(String definition) {
        AslValidationException e = catchThrowableOfType(() -> StateMachine.parse(definition.replace('\'', '"')), AslValidationException.class);
        assertThat(e).as("expected the definition to be rejected").isNotNull();
        return e.problems();
    }

    @Test
    void next_to_a_missing_state_names_the_state_and_field() {
        // GIVEN a typo in Next / WHEN parsed / THEN
        assertThat(problems("{'StartAt':'Build','States':{'Build':{'Type':'Pass','Next':'Dploy'},'Deploy':{'Type':'Succeed'}}}"))
                .contains("State 'Build': field 'Next' refers to missing state 'Dploy'",
                        "State 'Deploy' is not reachable from StartAt 'Build'");
    }

    @Test
    void unknown_type_missing_next_or_end_and_missing_start_at_are_rejected() {
        assertThat(problems("{'States':{'A':{'Type':'Paas','End':true},'B':{'Type':'Pass'}}}"))
                .contains("field 'StartAt' is missing", "State 'A': field 'Type' has unknown state type 'Paas'",
                        "State 'B': field 'Next' or 'End' is required");
        assertThat(problems("{'StartAt':'Nope','States':{'A':{'Type':'Succeed'}}}"))
                .contains("field 'StartAt' refers to missing state 'Nope'");
    }

    @Test
    void choice_without_choices_and_with_a_bad_default_is_rejected() {
        assertThat(problems("{'StartAt':'C','States':{'C':{'Type':'Choice','Default':'X'}}}"))
                .contains("State 'C': field 'Choices' is required and must be a non-empty array",
                        "State 'C': field 'Default' refers to missing state 'X'");
    }

    @Test
    void invalid_jsonata_is_rejected_with_the_field_path() {
        assertThat(problems("{'QueryLanguage':'JSONata','StartAt':'P','States':{'P':{'Type':'Pass','Output':{'a':'{% $states.input.x + %}'},'End':true}}}"))
                .anySatisfy(p -> assertThat(p).startsWith("State 'P': field 'Output/a' has an invalid JSONata expression '$states.input.x +'"));
    }

    @Test
    void invalid_jsonpath_is_rejected() {
        assertThat(problems("{'StartAt':'P','States':{'P':{'Type':'Pass','InputPath':'foo.bar','End':true}}}"))
                .anySatisfy(p -> assertThat(p).startsWith("State 'P': field 'InputPath' has an invalid JSONPath 'foo.bar'"));
    }

    @Test
    void jsonpath_fields_in_a_jsonata_state_and_jsonata_fields_in_a_jsonpath_state_are_rejected() {
        assertThat(problems("{'QueryLanguage':'JSONata','StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke',"
                + "'Parameters':{},'ResultPath':'$.x','InputPath':'$','OutputPath':'$','ResultSelector':{},'End':true}}}"))
                .contains("State 'T': field 'Parameters' is not supported when QueryLanguage is JSONata",
                        "State 'T': field 'ResultPath' is not supported when QueryLanguage is JSONata",
                        "State 'T': field 'InputPath' is not supported when QueryLanguage is JSONata",
                        "State 'T': field 'OutputPath' is not supported when QueryLanguage is JSONata",
                        "State 'T': field 'ResultSelector' is not supported when QueryLanguage is JSONata");
        assertThat(problems("{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke','Arguments':{},'Output':{},'End':true}}}"))
                .contains("State 'T': field 'Arguments' is not supported when QueryLanguage is JSONPath",
                        "State 'T': field 'Output' is not supported when QueryLanguage is JSONPath");
        assertThat(problems("{'QueryLanguage':'JSONata','StartAt':'M','States':{'M':{'Type':'Map','ItemsPath':'$.x','ItemProcessor':{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}},'End':true}}}"))
                .contains("State 'M': field 'ItemsPath' is not supported when QueryLanguage is JSONata");
    }

    @Test
    void assign_is_allowed_in_both_query_languages() {
        assertThatCode(() -> StateMachine.parse(("{'StartAt':'A','States':{'A':{'Type':'Pass','Assign':{'x.$':'$.a','y':1},'Next':'B'},"
                + "'B':{'Type':'Pass','QueryLanguage':'JSONata','Assign':{'z':'{% $x %}'},'End':true}}}").replace('\'', '"')))
                .doesNotThrowAnyException();
    }

    @Test
    void a_jsonpath_state_in_a_jsonata_state_machine_is_rejected() {
        assertThat(problems("{'QueryLanguage':'JSONata','StartAt':'A','States':{'A':{'Type':'Pass','QueryLanguage':'JSONPath','End':true}}}"))
                .contains("State 'A': field 'QueryLanguage' cannot be 'JSONPath' when the state machine's QueryLanguage is 'JSONata'");
    }

    @Test
    void retry_and_catch_only_on_task_parallel_and_map() {
        assertThat(problems("{'StartAt':'P','States':{'P':{'Type':'Pass','Retry':[{'ErrorEquals':['States.ALL']}],'Catch':[],'End':true}}}"))
                .contains("State 'P': field 'Retry' is not supported by a Pass state (only Task, Parallel and Map)",
                        "State 'P': field 'Catch' is not supported by a Pass state (only Task, Parallel and Map)");
    }

    @Test
    void states_all_must_be_alone_and_last() {
        assertThat(problems("{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:1:function:f',"
                + "'Retry':[{'ErrorEquals':['States.ALL','X']},{'ErrorEquals':['Y']}],"
                + "'Catch':[{'ErrorEquals':['States.ALL'],'Next':'T'},{'ErrorEquals':['Z'],'Next':'T'}],'End':true}}}"))
                .contains("State 'T': field 'Retry[0]/ErrorEquals': States.ALL must appear alone",
                        "State 'T': field 'Retry[0]/ErrorEquals': States.ALL must be in the last retrier",
                        "State 'T': field 'Catch[0]/ErrorEquals': States.ALL must be in the last catcher");
    }

    @Test
    void heartbeat_must_be_smaller_than_timeout() {
        assertThat(problems("{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:states:::sqs:sendMessage.waitForTaskToken',"
                + "'TimeoutSeconds':60,'HeartbeatSeconds':60,'End':true}}}"))
                .contains("State 'T': field 'HeartbeatSeconds' (60) must be smaller than 'TimeoutSeconds' (60)");
    }

    @Test
    void nested_parallel_branches_and_map_processors_are_validated_recursively() {
        List<String> problems = problems("{'StartAt':'P','States':{'P':{'Type':'Parallel','Branches':["
                + "{'StartAt':'A','States':{'A':{'Type':'Pass','Next':'Gone'}}}],'Next':'M'},"
                + "'M':{'Type':'Map','ItemProcessor':{'StartAt':'X','States':{'X':{'Type':'Wait','End':true}}},'End':true}}}");
        assertThat(problems).contains("State 'A': field 'Next' refers to missing state 'Gone'",
                "State 'X': exactly one of the fields 'Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath' is required");
    }

    @Test
    void a_state_cannot_jump_out_of_its_branch() {
        assertThat(problems("{'StartAt':'P','States':{'P':{'Type':'Parallel','Branches':["
                + "{'StartAt':'A','States':{'A':{'Type':'Pass','Next':'Z'}}}],'Next':'Z'},'Z':{'Type':'Succeed'}}}"))
                .contains("State 'A': field 'Next' refers to missing state 'Z'");
    }

    @Test
    void bad_choice_rules_are_reported_through_the_jsonpath_package() {
        assertThat(problems("{'StartAt':'C','States':{'C':{'Type':'Choice','Choices':[{'Variable':'$.x','Next':'D'}]},'D':{'Type':'Succeed'}}}"))
                .anySatisfy(p -> assertThat(p).startsWith("State 'C': field 'Choices[0]'"));
        assertThat(problems("{'QueryLanguage':'JSONata','StartAt':'C','States':{'C':{'Type':'Choice','Choices':[{'Next':'D'}]},'D':{'Type':'Succeed'}}}"))
                .contains("State 'C': field 'Choices[0]/Condition' is required when QueryLanguage is JSONata");
    }

    @Test
    void unsupported_fields_and_bad_variable_names_are_rejected() {
        assertThat(problems("{'StartAt':'P','States':{'P':{'Type':'Pass','Foo':1,'Assign':{'1x':1,'states':2},'End':true}}}"))
                .contains("State 'P': field 'Foo' is not supported by a Pass state",
                        "State 'P': field 'Assign' has an invalid variable name '1x'",
                        "State 'P': field 'Assign' cannot assign the reserved variable name 'states'");
    }

    @Test
    void not_json_is_rejected() {
        assertThat(problems("{'StartAt':")).singleElement().asString().startsWith("Definition is not valid JSON");
    }
}
