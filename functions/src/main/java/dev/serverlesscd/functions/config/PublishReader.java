package dev.serverlesscd.functions.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Where a repository's runs are told (docs/configuration.md, "Publishing"): its {@code release:},
 * {@code codeScanning:} and {@code chat:}. The pull request comment's switch is read with {@code pullRequests:}.
 */
final class PublishReader {
    private static final Set<String> RELEASE_KEYS = Set.of("tags", "draft", "prerelease");
    private static final Set<String> CHAT_KEYS = Set.of("type", "secret", "events", "approvalLinks");
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,256}");

    private final YamlFields yaml;

    PublishReader(YamlFields yaml) {
        this.yaml = yaml;
    }

    /** The repository's publishing, {@code comment} being {@code pullRequests.comment}. */
    PublishConfig publish(boolean comment, Map<String, Node> repository, String path) {
        return new PublishConfig(comment, release(repository.get("release"), path + ".release"),
                codeScanning(repository.get("codeScanning"), path + ".codeScanning"),
                chat(repository.get("chat"), path + ".chat"));
    }

    private Optional<PublishConfig.ReleaseRule> release(Node node, String path) {
        if (node == null || YamlFields.isNull(node)) {
            return Optional.empty();
        }
        Map<String, Node> f = yaml.mapping(node, path, RELEASE_KEYS);
        if (f == null) {
            return Optional.empty();
        }
        String tags = yaml.requiredString(f, "tags", path, node);
        boolean draft = yaml.booleanOr(f, "draft", path, false);
        String prerelease = yaml.stringOr(f, "prerelease", path, null);
        if (tags == null) {
            return Optional.empty();
        }
        return Optional.of(new PublishConfig.ReleaseRule(new GlobPattern(tags), draft,
                prerelease == null ? PublishConfig.ReleaseRule.DEFAULT_PRERELEASE : new GlobPattern(prerelease)));
    }

    /** {@code true} (every stage that writes SARIF), {@code false}, or a list of those stages. */
    private Set<String> codeScanning(Node node, String path) {
        if (node == null || YamlFields.isNull(node)) {
            return Set.of();
        }
        String sarifStages = String.join(", ", PublishConfig.SARIF_STAGES.stream().sorted().toList());
        if (node instanceof ScalarNode) {
            String text = yaml.scalar(node, path);
            if ("true".equals(text)) {
                return PublishConfig.SARIF_STAGES;
            }
            if (!"false".equals(text)) {
                yaml.problem(path, node, "'" + text + "' must be true, false or a list of stages (" + sarifStages + ")");
            }
            return Set.of();
        }
        Set<String> stages = new TreeSet<>();
        for (String stage : yaml.strings(node, path)) {
            if (!PublishConfig.SARIF_STAGES.contains(stage)) {
                yaml.problem(path, node, "'" + stage + "' writes no SARIF; stages that do: " + sarifStages);
            } else {
                yaml.once(stages, stage, path, node);
            }
        }
        return stages;
    }

    private List<PublishConfig.ChatChannel> chat(Node node, String path) {
        if (node == null || YamlFields.isNull(node)) {
            return List.of();
        }
        Map<String, Node> entries = yaml.mapping(node, path, null);
        if (entries == null) {
            return List.of();
        }
        List<PublishConfig.ChatChannel> channels = new ArrayList<>();
        entries.forEach((name, channelNode) -> {
            String channelPath = path + "." + name;
            yaml.matchingName("channel name", name, YamlFields.DNS_LABEL, channelPath, channelNode,
                    "must be lower case letters, digits and '-'");
            Map<String, Node> f = yaml.mapping(channelNode, channelPath, CHAT_KEYS);
            if (f == null) {
                return;
            }
            PublishConfig.ChatType type = yaml.oneOf(yaml.requiredString(f, "type", channelPath, channelNode),
                    channelPath + ".type", f.get("type"), PublishReader::chatType, "slack, discord, webhook", null);
            String secret = yaml.requiredString(f, "secret", channelPath, channelNode);
            yaml.matching(secret, SECRET_NAME, channelPath + ".secret", f.get("secret"),
                    "is not a secret name (letters, digits and /_+=.@-)");
            Set<PublishConfig.ChatEvent> events = events(f, channelPath, channelNode);
            boolean approvalLinks = yaml.booleanOr(f, "approvalLinks", channelPath, false);
            if (approvalLinks && !events.contains(PublishConfig.ChatEvent.APPROVAL_WAITING)) {
                yaml.problem(channelPath + ".approvalLinks", f.get("approvalLinks"), "the channel does not hear"
                        + " approval-waiting, so it has no approval link to show");
            }
            if (type != null && secret != null) {
                channels.add(new PublishConfig.ChatChannel(name, type, secret, events, approvalLinks));
            }
        });
        return channels;
    }

    /** A channel's {@code events}: required, at least one, each known and listed once. */
    private Set<PublishConfig.ChatEvent> events(Map<String, Node> f, String channelPath, Node channelNode) {
        Set<PublishConfig.ChatEvent> events = EnumSet.noneOf(PublishConfig.ChatEvent.class);
        if (!f.containsKey("events")) {
            yaml.problem(channelPath + ".events", channelNode, "required; one or more of " + chatEvents());
            return events;
        }
        List<String> names = yaml.strings(f.get("events"), channelPath + ".events");
        if (names.isEmpty()) {
            yaml.problem(channelPath + ".events", f.get("events"), "at least one of " + chatEvents());
        }
        for (String event : names) {
            Optional<PublishConfig.ChatEvent> known = PublishConfig.ChatEvent.named(event);
            if (known.isEmpty()) {
                yaml.problem(channelPath + ".events", f.get("events"), "unknown event '" + event + "'; known: "
                        + chatEvents());
            } else {
                yaml.once(events, known.get(), event, channelPath + ".events", f.get("events"));
            }
        }
        return events;
    }

    private static Optional<PublishConfig.ChatType> chatType(String text) {
        try {
            return Optional.of(PublishConfig.ChatType.valueOf(text.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String chatEvents() {
        return String.join(", ", Arrays.stream(PublishConfig.ChatEvent.values())
                .map(PublishConfig.ChatEvent::key).toList());
    }
}
