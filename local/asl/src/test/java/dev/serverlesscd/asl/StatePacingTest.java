package dev.serverlesscd.asl;

import static dev.serverlesscd.asl.AslTestSupport.SM_ARN;
import static dev.serverlesscd.asl.AslTestSupport.await;
import static dev.serverlesscd.asl.AslTestSupport.json;
import static dev.serverlesscd.asl.AslTestSupport.machine;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The embedding runtime's pacing: an execution waits for it before each state it enters, and a stop ends the wait. */
@Tag("unit")
class StatePacingTest {
    private static final StateMachine TWO_STATES = machine("{'StartAt':'First','States':{"
            + "'First':{'Type':'Pass','Result':{'n':1},'Next':'Second'},"
            + "'Second':{'Type':'Pass','End':true}}}");

    private final Semaphore admissions = new Semaphore(0);
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final AslExecutor executor = new AslExecutor(TaskBindings.none(), new SystemAslClock());

    @AfterEach
    void close() {
        executor.close();
    }

    private void paceByAdmissions() {
        executor.pace(() -> {
            asked.add(Thread.currentThread().getName());
            admissions.acquire();
        });
    }

    @Test
    void anExecution_entersEachState_onlyOnceThePacingLetsIt() throws Exception {
        // GIVEN a pacing that lets one state in per admission
        paceByAdmissions();

        // WHEN an execution of two states starts, and one state is let in
        Execution e = executor.start(TWO_STATES, SM_ARN, "paced", json("{}"));
        awaitAsked(1);
        assertThat(types(e)).containsExactly("ExecutionStarted");
        admissions.release();
        awaitAsked(2);

        // THEN it entered the first state and waits before the second; with a second admission it ends
        assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(types(e)).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited");
        admissions.release();
        await(e);
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("{'n':1}"));
    }

    @Test
    void aStop_whileTheExecutionWaitsForThePacing_abortsIt_beforeItsState() throws Exception {
        // GIVEN an execution held back before its first state
        paceByAdmissions();
        Execution e = executor.start(TWO_STATES, SM_ARN, "stopped", json("{}"));
        awaitAsked(1);

        // WHEN it is stopped (StopExecution)
        e.stop("Superseded", "a newer push");

        // THEN it ended ABORTED without entering a state, and nothing waits for the pacing any more
        assertThat(e.awaitCompletion(Duration.ofSeconds(10))).isTrue();
        assertThat(e.status()).isEqualTo(ExecutionStatus.ABORTED);
        admissions.release(5);
        Thread.sleep(100);
        assertThat(types(e)).doesNotContain("PassStateEntered");
        assertThat(asked).hasSize(1);
    }

    @Test
    void withoutAPacing_executionsGoOnAtOnce() throws Exception {
        Execution e = executor.start(TWO_STATES, SM_ARN, "unpaced", json("{}"));
        await(e);
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    private void awaitAsked(int times) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (asked.size() < times) {
            assertThat(System.nanoTime()).as("the pacing was asked %d times", times).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static List<String> types(Execution e) {
        return e.history().stream().map(HistoryEvent::type).toList();
    }
}
