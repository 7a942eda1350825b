package dev.serverlesscd.functions.webhook;

/** The delivery is not what GitHub sends (answered 400): the message says what is missing or wrong. */
public class InvalidDeliveryException extends RuntimeException {
    public InvalidDeliveryException(String message) {
        super(message);
    }
}
