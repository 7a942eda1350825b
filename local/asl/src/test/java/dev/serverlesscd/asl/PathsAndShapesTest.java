package dev.serverlesscd.asl;

import static dev.serverlesscd.asl.AslTestSupport.json;
import static dev.serverlesscd.asl.AslTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Output shapes of nested Parallel states ("Parallel workflow state": the output is an array with one element per
 * branch, in branch order, each the output of its branch) and JSONPath bracket notation for names with quotes,
 * backslashes and dots ("Using JSONPath paths": bracket notation, with JSON string escapes inside the quotes). The
 * expected values are derived from those pages step by step.
 */
@Tag("unit")
class PathsAndShapesTest {
    @Test
    void a_parallel_inside_a_branch_contributes_its_own_array() {
        Execution e = run("{'StartAt':'Outer','States':{'Outer':{'Type':'Parallel','End':true,'Branches':["
                + "{'StartAt':'Inner','States':{'Inner':{'Type':'Parallel','End':true,'Branches':["
                + "{'StartAt':'A','States':{'A':{'Type':'Pass','Result':'a','End':true}}},"
                + "{'StartAt':'B','States':{'B':{'Type':'Pass','Result':{'b':[1]},'End':true}}}]}}},"
                + "{'StartAt':'C','States':{'C':{'Type':'Pass','Result':'c','End':true}}},"
                + "{'StartAt':'D','States':{'D':{'Type':'Parallel','ResultPath':'$.inner','End':true,'Branches':["
                + "{'StartAt':'E','States':{'E':{'Type':'Pass','End':true}}}]}}}]}}}", "{'in':1}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("[['a',{'b':[1]}],'c',{'in':1,'inner':[{'in':1}]}]"));
    }

    @Test
    void bracket_notation_reads_and_writes_names_with_quotes_backslashes_and_dots() throws Exception {
        StateMachine sm = StateMachine.parse("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {
                  "quote.$": "$['a\\\\'b']",
                  "dquote.$": "$[\\"x\\\\\\"y\\"]",
                  "slash.$": "$['back\\\\\\\\slash']",
                  "dot.$": "$.a['b.c']"},
                  "ResultPath": "$.a['b.c']", "End": true}}}""");
        String input = """
                {"a'b": 1, "x\\"y": 2, "back\\\\slash": 3, "a": {"b.c": 5}}""";
        try (AslExecutor executor = new AslExecutor(TaskBindings.none(), new AutoAdvanceClock())) {
            Execution e = executor.run(sm, AslTestSupport.SM_ARN, "brackets", AslTestSupport.MAPPER.readTree(input));
            assertThat(e.status()).as(e.error() + ": " + e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(e.output().get("a").get("b.c")).isEqualTo(json("{'quote':1,'dquote':2,'slash':3,'dot':5}"));
        }
    }

    @Test
    void the_legacy_iterator_and_parameters_map_reads_its_limits_from_paths() {
        // "Map workflow state" (legacy fields Iterator and Parameters, which ItemProcessor and ItemSelector replace):
        // Parameters sees $$.Map.Item.Value/Index; MaxConcurrencyPath 1 and ToleratedFailureCountPath 1 read from the
        // input; the one failed iteration is tolerated and its slot holds the error output.
        Execution e = run("{'StartAt':'M','States':{'M':{'Type':'Map','ItemsPath':'$.items','MaxConcurrencyPath':'$.m',"
                + "'ToleratedFailureCountPath':'$.t','Parameters':{'v.$':'$$.Map.Item.Value','i.$':'$$.Map.Item.Index'},"
                + "'Iterator':{'StartAt':'C','States':{'C':{'Type':'Choice','Choices':[{'Variable':'$.v','NumericEquals':2,"
                + "'Next':'F'}],'Default':'P'},'F':{'Type':'Fail','Error':'E','Cause':'c'},'P':{'Type':'Pass','End':true}}},"
                + "'End':true}}}", "{'items':[1,2],'m':1,'t':1}");
        assertThat(e.status()).as(e.error() + ": " + e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("[{'v':1,'i':0},{'Error':'E','Cause':'c'}]"));
    }
}
