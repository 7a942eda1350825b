package dev.serverlesscd.functions.gate;

/**
 * The registry's scan of the image has not finished: the gate cannot judge it yet and records nothing. The state
 * machine retries the task on this error (its class name) with a backoff; it is not a verdict.
 */
public class ScanInProgressException extends RuntimeException {
    public ScanInProgressException(String message) {
        super(message);
    }
}
