package dev.serverlesscd.functions.notify;

/** How many mails were handed over for delivery (one per recipient). */
public record NotifyResult(int sent) {
}
