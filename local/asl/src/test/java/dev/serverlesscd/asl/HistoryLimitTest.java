package dev.serverlesscd.asl;

import static dev.serverlesscd.asl.AslTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The history quota, from the developer guide's "Avoid reaching the history quota": "a hard quota of 25,000 entries
 * in the execution event history. When an execution reaches 24,999 events, it waits for the next event to happen. If
 * the event number 25,000 is ExecutionSucceeded, the execution finishes successfully. If the event number 25,000 isn't
 * ExecutionSucceeded, the ExecutionFailed event is logged". The error and cause are those AWS records
 * (States.Runtime, "The execution reached the maximum number of history events (25000).").
 */
@Tag("unit")
class HistoryLimitTest {
    /**
     * A loop of N rounds: Inc (Pass, 2 events) and Check (Choice, 2 events), then Done (Succeed, 2 events). With
     * ExecutionStarted and ExecutionSucceeded that is 1 + 4N + 2 + 1 = 4N + 4 events.
     */
    private static String loop(int rounds) {
        return "{'StartAt':'Inc','States':{"
                + "'Inc':{'Type':'Pass','Parameters':{'n.$':'States.MathAdd($.n, 1)'},'Next':'Check'},"
                + "'Check':{'Type':'Choice','Choices':[{'Variable':'$.n','NumericLessThan':" + rounds + ",'Next':'Inc'}],"
                + "'Default':'Done'},"
                + "'Done':{'Type':'Succeed'}}}";
    }

    @Test
    void an_execution_whose_event_25000_is_execution_succeeded_succeeds() {
        // 4N + 4 = 25,000 for N = 6,249: event 25,000 is ExecutionSucceeded.
        Execution e = run(loop(6249), "{'n':0}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<HistoryEvent> history = e.history();
        assertThat(history).hasSize(25_000);
        assertThat(history.get(24_999).type()).isEqualTo("ExecutionSucceeded");
        assertThat(e.output().get("n").asInt()).isEqualTo(6249);
    }

    @Test
    void an_execution_that_needs_more_events_fails_at_event_25000_with_states_runtime() {
        // N = 6,250 needs 25,004 events: the 25,000th is ExecutionFailed, after 24,999 events of the machine.
        Execution e = run(loop(6250), "{'n':0}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.Runtime");
        assertThat(e.cause()).isEqualTo("The execution reached the maximum number of history events (25000).");
        List<HistoryEvent> history = e.history();
        assertThat(history).hasSize(25_000);
        HistoryEvent last = history.get(24_999);
        assertThat(last.id()).isEqualTo(25_000);
        assertThat(last.previousEventId()).isEqualTo(24_999);
        assertThat(last.type()).isEqualTo("ExecutionFailed");
        assertThat(last.details().get("executionFailedEventDetails").get("cause").asText())
                .isEqualTo("The execution reached the maximum number of history events (25000).");
        assertThat(history.get(24_998).id()).isEqualTo(24_999);
    }

    @Test
    void an_endless_loop_is_ended_by_the_quota() {
        Execution e = run("{'StartAt':'Loop','States':{'Loop':{'Type':'Choice','Choices':[{'Variable':'$.spin',"
                + "'BooleanEquals':true,'Next':'Loop'}],'Default':'End'},'End':{'Type':'Succeed'}}}", "{'spin':true}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.history()).hasSize(25_000);
        assertThat(e.error()).isEqualTo("States.Runtime");
    }
}
