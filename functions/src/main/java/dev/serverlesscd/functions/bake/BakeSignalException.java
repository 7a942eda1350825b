package dev.serverlesscd.functions.bake;

/**
 * A signal the bake is told to watch cannot be read (an alarm that does not exist, a probe path with no base URL):
 * the bake cannot say the release is fine, so the check fails and the state machine rolls back with this message.
 */
public class BakeSignalException extends RuntimeException {
    public BakeSignalException(String message) {
        super("Bake.SignalUnavailable: " + message);
    }
}
