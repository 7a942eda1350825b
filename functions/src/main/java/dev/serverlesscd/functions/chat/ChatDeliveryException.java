package dev.serverlesscd.functions.chat;

/** A chat message could not be sent; the message says to which channel and why. */
public class ChatDeliveryException extends RuntimeException {

    public ChatDeliveryException(String message) {
        super(message);
    }

    public ChatDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
