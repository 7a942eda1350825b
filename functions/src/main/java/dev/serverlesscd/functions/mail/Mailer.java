package dev.serverlesscd.functions.mail;

/** Sends mail: SES on AWS ({@link SesMailer}), an outbox folder of .eml files locally ({@link OutboxMailer}). */
public interface Mailer {

    /** Sends one message to all its recipients; throws {@link MailDeliveryException} if it could not be handed over. */
    void send(Mail mail);
}
