package dev.serverlesscd.local.runtime;

import dev.serverlesscd.asl.StatePacing;
import java.time.Duration;

/**
 * The local HTTP API's requests whose callers are waiting for an answer (GitHub waits 10 s for a delivery's), and the
 * rule that they go first: an execution enters its next state only once no request is being answered, or after
 * {@link #MAX_DEFERRAL} at the most, so that no execution starves.
 *
 * <p>Why: locally the webhook and the executions it starts share two cores and one DynamoDB Local, whose writes go
 * through one lock per table and one SQLite worker. In a burst of deliveries the executions that the first deliveries
 * started wrote in front of the later deliveries' writes, and most deliveries went unanswered within GitHub's 10 s
 * (docs/benchmarks.md). On AWS the executions run elsewhere; here they wait for the burst, which Step Functions allows
 * (it promises no time between two states). A request counts from the moment its whole body has arrived, so a client
 * that trickles its body in holds nothing up.
 */
final class WaitingCallers implements StatePacing {
    /** The longest an execution waits, before one state, for the requests to be answered. */
    static final Duration MAX_DEFERRAL = Duration.ofSeconds(30);

    private final Duration maxDeferral;
    private int answering;

    WaitingCallers() {
        this(MAX_DEFERRAL);
    }

    WaitingCallers(Duration maxDeferral) {
        this.maxDeferral = maxDeferral;
    }

    /** A request's body has arrived: its caller waits for the answer. */
    synchronized void arrived() {
        answering++;
    }

    /** The request is answered (or failed). */
    synchronized void answered() {
        answering--;
        if (answering == 0) {
            notifyAll();
        }
    }

    /** How many requests are being answered now. */
    synchronized int answering() {
        return answering;
    }

    /** Waits until no request is being answered, or for {@link #MAX_DEFERRAL} at the most. */
    @Override
    public synchronized void beforeState() throws InterruptedException {
        long deadline = System.nanoTime() + maxDeferral.toNanos();
        while (answering > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
