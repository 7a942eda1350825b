package dev.serverlesscd.asl;

import static dev.serverlesscd.asl.AslTestSupport.json;
import static dev.serverlesscd.asl.AslTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** JSON null is a value in JSONata states; only nothing (undefined) fails the state. */
@Tag("unit")
class JsonataNullTest {

    @Test
    void variableHoldingNull_evaluatesToNull_notToAnError() {
        // GIVEN a variable assigned null, then read in Output
        Execution execution = run("{'QueryLanguage':'JSONata','StartAt':'A','States':{"
                + "'A':{'Type':'Pass','Assign':{'image':null},'Next':'B'},"
                + "'B':{'Type':'Pass','Output':{'image':'{% $image %}','literal':'{% null %}'},'End':true}}}", "{}");

        // THEN
        assertThat(execution.status()).as(execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(execution.output()).isEqualTo(json("{'image':null,'literal':null}"));
    }

    @Test
    void undefinedResult_stillFailsWithQueryEvaluationError() {
        // GIVEN a field that reads something the input does not have
        Execution execution = run("{'QueryLanguage':'JSONata','StartAt':'A','States':{"
                + "'A':{'Type':'Pass','Output':{'x':'{% $states.input.missing %}'},'End':true}}}", "{}");

        // THEN
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(execution.cause()).contains("returned nothing (undefined)");
    }
}
