package dev.serverlesscd.functions.mail;

/** A message could not be handed over for delivery. */
public class MailDeliveryException extends RuntimeException {

    public MailDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
