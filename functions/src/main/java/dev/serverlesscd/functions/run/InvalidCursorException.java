package dev.serverlesscd.functions.run;

/** A page cursor that this listing did not hand out (garbled, or from another listing): a bad request. */
public final class InvalidCursorException extends IllegalArgumentException {
    public InvalidCursorException(String message) {
        super(message);
    }
}
