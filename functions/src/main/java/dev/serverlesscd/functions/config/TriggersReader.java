package dev.serverlesscd.functions.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * What starts a repository's runs besides pushes (docs/configuration.md, "Triggers"): its {@code schedules:}, and the
 * filters of {@code pullRequests:} ({@code baseBranches}, {@code labels}).
 */
final class TriggersReader {
    private static final Set<String> SCHEDULE_KEYS = Set.of("name", "cron", "ref", "tier", "deploy");
    private static final Pattern SCHEDULE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?");
    private static final Pattern LABEL = Pattern.compile("[^\\p{Cntrl}]{1,100}");

    private final YamlFields yaml;

    TriggersReader(YamlFields yaml) {
        this.yaml = yaml;
    }

    /** {@code schedules:}, a list of {@code {name, cron, ref, tier, deploy}}; the ref must be one a rule runs. */
    List<Schedule> schedules(Node node, String path, Set<String> tiers, List<RefRule> branches, List<RefRule> tags) {
        if (node == null || YamlFields.isNull(node)) {
            return List.of();
        }
        List<Schedule> schedules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Map.Entry<String, Node> item
                : yaml.items(node, path, "must be a list of schedules (- name: …, cron: …, ref: …)").entrySet()) {
            String at = item.getKey();
            Node entry = item.getValue();
            Map<String, Node> f = yaml.mapping(entry, at, SCHEDULE_KEYS);
            if (f == null) {
                continue;
            }
            String name = yaml.requiredString(f, "name", at, entry);
            if (!yaml.matching(name, SCHEDULE_NAME, at + ".name", f.get("name"),
                    "must be lower case letters, digits and '-', at most 32")) {
                name = null;
            } else if (name != null && !names.add(name)) {
                yaml.problem(at + ".name", f.get("name"), "'" + name + "' is defined twice");
                name = null;
            }
            String cronText = yaml.requiredString(f, "cron", at, entry);
            CronExpression cron = null;
            if (cronText != null) {
                try {
                    cron = CronExpression.parse(cronText);
                } catch (IllegalArgumentException invalid) {
                    yaml.problem(at + ".cron", f.get("cron"), invalid.getMessage());
                }
            }
            String ref = scheduleRef(yaml.requiredString(f, "ref", at, entry), at + ".ref", f.get("ref"),
                    branches, tags);
            String tier = yaml.stringOr(f, "tier", at, null);
            yaml.knownTier(tier, at + ".tier", f.get("tier"), tiers);
            boolean deploy = yaml.booleanOr(f, "deploy", at, false);
            if (name != null && cron != null && ref != null && (tier == null || tiers.contains(tier))) {
                schedules.add(new Schedule(name, cron, ref, tier, deploy));
            }
        }
        return schedules;
    }

    /** The schedule's ref in full ({@code main} is {@code refs/heads/main}), or null when no rule runs it. */
    private String scheduleRef(String ref, String path, Node at, List<RefRule> branches, List<RefRule> tags) {
        if (ref == null) {
            return null;
        }
        boolean tag = ref.startsWith("refs/tags/");
        String full = tag || ref.startsWith("refs/heads/") ? ref : "refs/heads/" + ref;
        String name = full.substring(tag ? "refs/tags/".length() : "refs/heads/".length());
        if (name.isEmpty() || (ref.startsWith("refs/") && !tag && !ref.startsWith("refs/heads/"))) {
            yaml.problem(path, at, "'" + ref + "' is not a branch (NAME, refs/heads/NAME) or a tag (refs/tags/NAME)");
            return null;
        }
        if ((tag ? tags : branches).stream().noneMatch(rule -> rule.matches(name))) {
            yaml.problem(path, at, (tag ? "tag " : "branch ") + name + " matches no " + (tag ? "tags" : "branches")
                    + " rule, so nothing would run it");
            return null;
        }
        return full;
    }

    /** {@code pullRequests.baseBranches} (branch patterns) and {@code pullRequests.labels} (label names). */
    PullRequestFilter pullRequestFilter(Map<String, Node> fields, String path) {
        List<GlobPattern> baseBranches = new ArrayList<>();
        if (fields.containsKey("baseBranches")) {
            List<String> patterns = yaml.strings(fields.get("baseBranches"), path + ".baseBranches");
            if (patterns.isEmpty() && !YamlFields.isNull(fields.get("baseBranches"))) {
                yaml.problem(path + ".baseBranches", fields.get("baseBranches"), "at least one branch pattern; leave"
                        + " the field out to run pull requests into any branch");
            }
            patterns.forEach(pattern -> baseBranches.add(new GlobPattern(pattern)));
        }
        List<String> labels = yaml.stringsOr(fields, "labels", path);
        Set<String> seen = new HashSet<>();
        for (String label : labels) {
            if (yaml.matching(label, LABEL, path + ".labels", fields.get("labels"),
                    "is not a GitHub label name (at most 100 characters, no control characters)")) {
                yaml.once(seen, label, path + ".labels", fields.get("labels"));
            }
        }
        return new PullRequestFilter(baseBranches, List.copyOf(new LinkedHashSet<>(labels)));
    }
}
