package dev.serverlesscd.functions.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a repository's runs publish where people already look (docs/configuration.md, "Publishing"): the pull
 * request's comment, the release of a tag, SARIF reports to code scanning, and chat channels.
 *
 * @param pullRequestComment one comment per pull request, kept up to date (on by default)
 * @param release            the release rule; empty: no releases
 * @param codeScanning       the stages whose SARIF reports go to GitHub code scanning; empty: none
 * @param chat               the chat channels, each with the events it hears
 */
public record PublishConfig(boolean pullRequestComment, Optional<ReleaseRule> release, Set<String> codeScanning,
                            List<ChatChannel> chat) {
    /** The stages that write SARIF. */
    public static final Set<String> SARIF_STAGES = Set.of("scan", "lint");
    public static final PublishConfig DEFAULTS = new PublishConfig(true, Optional.empty(), Set.of(), List.of());

    public PublishConfig {
        release = release == null ? Optional.empty() : release;
        codeScanning = codeScanning == null ? Set.of() : Set.copyOf(codeScanning);
        chat = chat == null ? List.of() : List.copyOf(chat);
    }

    /**
     * When a tag's successful run creates or updates its GitHub release: tags matching {@code tags}; a draft or
     * published; a pre-release when the tag matches {@code prerelease} (by default a semantic version's pre-release,
     * {@code v1.2.0-rc.1}).
     */
    public record ReleaseRule(GlobPattern tags, boolean draft, GlobPattern prerelease) {
        public static final GlobPattern DEFAULT_PRERELEASE = new GlobPattern("*-*");

        public boolean matches(String tag) {
            return tags.matches(tag);
        }

        public boolean isPrerelease(String tag) {
            return prerelease.matches(tag);
        }
    }

    /** What a chat channel hears of. */
    public enum ChatEvent {
        RUN_FAILED("run-failed"),
        DEPLOYED("deployed"),
        APPROVAL_WAITING("approval-waiting"),
        ROLLED_BACK("rolled-back"),
        RELEASE_PUBLISHED("release-published");

        private final String key;

        ChatEvent(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static Optional<ChatEvent> named(String key) {
            for (ChatEvent event : values()) {
                if (event.key.equals(key)) {
                    return Optional.of(event);
                }
            }
            return Optional.empty();
        }
    }

    /** The chat services and their message formats. */
    public enum ChatType {
        SLACK, DISCORD, WEBHOOK
    }

    /**
     * A chat channel: its {@code name}, the service ({@code type}), the secret holding its webhook URL ({@code secret}:
     * a Secrets Manager secret on AWS, an environment variable or a file locally), the events it hears, and whether
     * an approval's message carries the approval page's link ({@code approvalLinks}: only for approvers' channels).
     */
    public record ChatChannel(String name, ChatType type, String secret, Set<ChatEvent> events, boolean approvalLinks) {
        public ChatChannel {
            events = Set.copyOf(events);
        }

        public boolean hears(ChatEvent event) {
            return events.contains(event);
        }
    }
}
