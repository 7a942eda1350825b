package dev.serverlesscd.functions.chat;

import dev.serverlesscd.functions.config.PublishConfig.ChatChannel;

/**
 * The port for chat: sends one message to one channel. Adapters: {@link WebhookChatNotifier} (Slack, Discord or a
 * generic JSON webhook, the URL a secret) and {@link OutboxChatNotifier} (the local runtime: the payload written under
 * {@code .pipeline/chat/}, and sent too when the channel's URL is known locally). A message that could not be sent
 * throws {@link ChatDeliveryException}; the pipeline logs it and goes on.
 */
public interface ChatNotifier {

    void send(ChatChannel channel, ChatMessage message);

    /** No chat: every message is dropped (tests, and a deployment without any channel). */
    ChatNotifier NONE = (channel, message) -> { };
}
