package dev.serverlesscd.functions.chat;

import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.config.PublishConfig.ChatChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The local runtime's chat: each message is written as the payload the service would receive, to
 * {@code <dir>/<channel>/<time>-<n>-<event>.json}, and said on the console; when the channel's URL is known locally
 * ({@link ChatUrls#local}) it is also sent through {@code delegate}.
 */
public final class OutboxChatNotifier implements ChatNotifier {
    private final Path dir;
    private final ChatUrls urls;
    private final ChatNotifier delegate;
    private final Clock clock;
    private final Consumer<String> console;
    private final AtomicInteger sequence = new AtomicInteger();

    public OutboxChatNotifier(Path dir, ChatUrls urls, ChatNotifier delegate, Clock clock, Consumer<String> console) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.urls = Objects.requireNonNull(urls, "urls");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.console = Objects.requireNonNull(console, "console");
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void send(ChatChannel channel, ChatMessage message) {
        Path file = dir.resolve(channel.name()).resolve(String.format("%d-%03d-%s.json", clock.millis(),
                sequence.incrementAndGet(), message.event().key()));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(ChatPayloads.payload(channel.type(), message)));
        } catch (IOException e) {
            throw new ChatDeliveryException("chat message " + message.event().key() + " to " + channel.name()
                    + " could not be written to " + file + ": " + e.getMessage(), e);
        }
        boolean send = urls.url(channel.secret()).isPresent();
        console.accept("Chat " + channel.name() + " (" + channel.type().name().toLowerCase(java.util.Locale.ROOT) + "): "
                + message.title() + " -> " + file + (send ? " (and sent)" : ""));
        if (send) {
            delegate.send(channel, message);
        }
    }
}
