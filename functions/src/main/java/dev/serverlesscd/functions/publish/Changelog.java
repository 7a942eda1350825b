package dev.serverlesscd.functions.publish;

import dev.serverlesscd.functions.github.GitHubClient.CommitInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release's notes from the commits since the previous release, grouped by Conventional Commits type
 * ({@code type(scope)!: description}): breaking changes first ({@code !} or a {@code BREAKING CHANGE:} footer), then
 * features ({@code feat}), fixes ({@code fix}), performance ({@code perf}), and everything else (other types and
 * messages that follow no convention). Merge commits are left out. Each line is the description, its scope in bold,
 * and the short sha.
 */
public final class Changelog {
    private static final Pattern CONVENTIONAL = Pattern.compile("^(\\w+)(?:\\(([^)]*)\\))?(!)?:\\s*(.+)$");
    private static final Pattern BREAKING_FOOTER = Pattern.compile("(?m)^BREAKING[ -]CHANGE:\\s*(.+)$");

    /** The groups, in the order the notes show them. */
    public enum Group {
        BREAKING("⚠️ Breaking changes"),
        FEATURES("Features"),
        FIXES("Fixes"),
        PERFORMANCE("Performance"),
        OTHER("Other changes");

        private final String title;

        Group(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** One commit as the notes show it. */
    public record Entry(Group group, String scope, String description, String sha) {
    }

    private Changelog() {
    }

    public static Entry entry(CommitInfo commit) {
        String message = commit.message() == null ? "" : commit.message().strip();
        String subject = message.lines().findFirst().orElse("").strip();
        String sha = commit.sha() == null ? "" : commit.sha().substring(0, Math.min(7, commit.sha().length()));
        boolean breakingFooter = BREAKING_FOOTER.matcher(message).find();
        Matcher m = CONVENTIONAL.matcher(subject);
        if (!m.matches()) {
            return new Entry(breakingFooter ? Group.BREAKING : Group.OTHER, null, subject, sha);
        }
        String type = m.group(1).toLowerCase(java.util.Locale.ROOT);
        Group group = m.group(3) != null || breakingFooter ? Group.BREAKING : switch (type) {
            case "feat" -> Group.FEATURES;
            case "fix" -> Group.FIXES;
            case "perf" -> Group.PERFORMANCE;
            default -> Group.OTHER;
        };
        String scope = m.group(2) == null || m.group(2).isBlank() ? null : m.group(2).strip();
        return new Entry(group, scope, m.group(4).strip(), sha);
    }

    /** The notes of {@code tag}: a heading per group that has commits, since {@code previousTag} if there is one. */
    public static String markdown(String tag, Optional<String> previousTag, List<CommitInfo> commits,
                                  Optional<String> compareUrl) {
        Map<Group, List<Entry>> groups = new LinkedHashMap<>();
        for (Group group : Group.values()) {
            groups.put(group, new ArrayList<>());
        }
        for (CommitInfo commit : commits) {
            String subject = commit.message() == null ? "" : commit.message().strip();
            if (subject.startsWith("Merge pull request ") || subject.startsWith("Merge branch ")) {
                continue;
            }
            Entry entry = entry(commit);
            groups.get(entry.group()).add(entry);
        }
        StringBuilder md = new StringBuilder("## ").append(tag).append('\n');
        md.append('\n').append(previousTag.map(p -> "Changes since " + p + ".").orElse("The first release.")).append('\n');
        boolean any = false;
        for (Map.Entry<Group, List<Entry>> group : groups.entrySet()) {
            if (group.getValue().isEmpty()) {
                continue;
            }
            any = true;
            md.append("\n### ").append(group.getKey().title()).append("\n\n");
            for (Entry entry : group.getValue()) {
                md.append("- ").append(entry.scope() == null ? "" : "**" + entry.scope() + ":** ")
                        .append(entry.description()).append(" (").append(entry.sha()).append(")\n");
            }
        }
        if (!any && previousTag.isPresent()) {
            md.append("\nNo commits since ").append(previousTag.get()).append(".\n");
        }
        compareUrl.ifPresent(url -> md.append("\n**Full changelog**: ").append(url).append('\n'));
        return md.toString();
    }

    /**
     * The release before {@code tag}: of {@code tags}, those the release rule matches, not {@code tag} itself, with a
     * lower version; a full release skips pre-releases. The highest of them, by version.
     */
    public static Optional<String> previousTag(String tag, List<String> tags, java.util.function.Predicate<String> isRelease,
                                               java.util.function.Predicate<String> isPrerelease) {
        boolean fullRelease = !isPrerelease.test(tag);
        return tags.stream()
                .filter(t -> !t.equals(tag) && isRelease.test(t))
                .filter(t -> !fullRelease || !isPrerelease.test(t))
                .filter(t -> Version.compare(t, tag) < 0)
                .max(Version::compare);
    }

    /** Version order of tags: numbers compare as numbers ({@code v1.10.0} after {@code v1.9.0}); a pre-release before its release. */
    static final class Version {
        private Version() {
        }

        static int compare(String a, String b) {
            String[] left = core(a).split("\\.");
            String[] right = core(b).split("\\.");
            for (int i = 0; i < Math.max(left.length, right.length); i++) {
                long l = i < left.length ? number(left[i]) : 0;
                long r = i < right.length ? number(right[i]) : 0;
                if (l != r) {
                    return Long.compare(l, r);
                }
            }
            String preA = pre(a);
            String preB = pre(b);
            if (preA.isEmpty() || preB.isEmpty()) {
                return preA.isEmpty() && preB.isEmpty() ? 0 : preA.isEmpty() ? 1 : -1;
            }
            return preA.compareTo(preB);
        }

        private static String core(String tag) {
            String t = tag.replaceFirst("^[^0-9]*", "");
            int dash = t.indexOf('-');
            return dash < 0 ? t : t.substring(0, dash);
        }

        private static String pre(String tag) {
            String t = tag.replaceFirst("^[^0-9]*", "");
            int dash = t.indexOf('-');
            return dash < 0 ? "" : t.substring(dash + 1);
        }

        private static long number(String part) {
            String digits = part.replaceAll("\\D.*$", "");
            return digits.isEmpty() ? 0 : Long.parseLong(digits);
        }
    }
}
