package dev.serverlesscd.functions.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.run.Contributor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a verified delivery's JSON into a {@link GitHubEvent}: {@code push} (branch or tag; a deleted ref is
 * ignored), {@code pull_request} (opened, synchronize, reopened; other actions ignored), {@code ping}; every other
 * event is ignored as {@code <event>[.<action>]}. A payload that lacks what its event always carries is an
 * {@link InvalidDeliveryException} naming the field; the repository's {@code default_branch} is read when present and
 * is null otherwise (the state machine then assumes {@code main}).
 */
public final class GitHubEventParser {
    private static final Set<String> PULL_REQUEST_ACTIONS = Set.of("opened", "synchronize", "reopened", "labeled");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
    private static final String BRANCH_PREFIX = "refs/heads/";
    private static final String TAG_PREFIX = "refs/tags/";
    /** GitHub lists at most 20 commits in a push's {@code commits} (the newest ones), each with its changed files. */
    static final int MAX_LISTED_COMMITS = 20;
    /** GitHub lists at most 20 commits in a push; more than this many people is not a payload GitHub sends. */
    static final int MAX_CONTRIBUTORS = 64;

    private GitHubEventParser() {
    }

    public static GitHubEvent parse(String event, JsonNode payload) {
        return switch (event) {
            case "ping" -> ping(payload);
            case "push" -> push(payload);
            case "pull_request" -> pullRequest(payload);
            default -> new GitHubEvent.Ignored(payload.path("action").isTextual()
                    ? event + "." + payload.path("action").asText()
                    : event);
        };
    }

    private static GitHubEvent ping(JsonNode payload) {
        JsonNode hookId = payload.path("hook_id").isNumber() ? payload.path("hook_id") : payload.path("hook").path("id");
        if (!hookId.canConvertToLong()) {
            throw new InvalidDeliveryException("ping payload lacks hook_id");
        }
        return new GitHubEvent.Ping(hookId.asLong(), payload.path("zen").asText(null));
    }

    private static GitHubEvent push(JsonNode payload) {
        String ref = text(payload, "ref", "push");
        String repository = text(payload.path("repository"), "full_name", "push", "repository.full_name");
        if (payload.path("deleted").asBoolean(false)) {
            String before = payload.path("before").asText("");
            return SHA.matcher(before).matches() && !isZero(before)
                    ? new GitHubEvent.DeletedRef(repository, ref, before)
                    : new GitHubEvent.Ignored("push of deleted ref " + ref);
        }
        String commit = text(payload, "after", "push");
        String before = text(payload, "before", "push");
        if (!SHA.matcher(before).matches()) {
            throw new InvalidDeliveryException("push payload's before is not a commit sha: " + before);
        }
        if (!SHA.matcher(commit).matches() || commit.chars().allMatch(c -> c == '0')) {
            throw new InvalidDeliveryException("push payload's after is not a commit sha: " + commit);
        }
        String branch = ref.startsWith(BRANCH_PREFIX) ? ref.substring(BRANCH_PREFIX.length()) : null;
        String tag = ref.startsWith(TAG_PREFIX) ? ref.substring(TAG_PREFIX.length()) : null;
        if (branch == null && tag == null) {
            return new GitHubEvent.Ignored("push to " + ref + " (neither a branch nor a tag)");
        }
        String author = firstText(payload.path("sender").path("login"), payload.path("pusher").path("name"),
                payload.path("head_commit").path("author").path("username"));
        return new GitHubEvent.Push(repository, cloneUrl(payload.path("repository"), repository), ref, branch,
                firstText(payload.path("repository").path("default_branch")), tag, before, commit, author,
                pushContributors(payload), firstCommitAt(payload.path("commits")), changedPaths(payload.path("commits")));
    }

    /**
     * Every path the listed commits added, modified or removed, in order, once each; null (not known) when no commit
     * is listed, or {@link #MAX_LISTED_COMMITS} are (GitHub lists no more, so the push may have changed more).
     */
    static List<String> changedPaths(JsonNode commits) {
        if (!commits.isArray() || commits.isEmpty() || commits.size() >= MAX_LISTED_COMMITS) {
            return null;
        }
        Set<String> paths = new java.util.LinkedHashSet<>();
        for (JsonNode commit : commits) {
            for (String list : List.of("added", "modified", "removed")) {
                commit.path(list).forEach(path -> {
                    if (path.isTextual()) {
                        paths.add(path.asText());
                    }
                });
            }
        }
        return List.copyOf(paths);
    }

    /**
     * The oldest timestamp among the pushed commits (ISO-8601 with an offset, as GitHub writes them), null when the
     * push lists none. A timestamp that is not a time is refused: the delivery is not what GitHub sends.
     */
    static java.time.Instant firstCommitAt(JsonNode commits) {
        java.time.Instant first = null;
        for (JsonNode commit : commits) {
            JsonNode timestamp = commit.path("timestamp");
            if (!timestamp.isTextual()) {
                continue;
            }
            java.time.Instant at;
            try {
                at = java.time.OffsetDateTime.parse(timestamp.asText()).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                throw new InvalidDeliveryException("push payload's commits[].timestamp is not an ISO-8601 time: "
                        + timestamp.asText());
            }
            first = first == null || at.isBefore(first) ? at : first;
        }
        return first;
    }

    private static GitHubEvent pullRequest(JsonNode payload) {
        String action = text(payload, "action", "pull_request");
        if (!PULL_REQUEST_ACTIONS.contains(action)) {
            return new GitHubEvent.Ignored("pull_request." + action);
        }
        JsonNode pr = payload.path("pull_request");
        if (!pr.isObject()) {
            throw new InvalidDeliveryException("pull_request payload lacks pull_request");
        }
        JsonNode numberNode = payload.path("number").isInt() ? payload.path("number") : pr.path("number");
        if (!numberNode.isInt()) {
            throw new InvalidDeliveryException("pull_request payload lacks number");
        }
        JsonNode base = pr.path("base").path("repo");
        String repository = firstText(base.path("full_name"), payload.path("repository").path("full_name"));
        if (repository == null) {
            throw new InvalidDeliveryException("pull_request payload lacks repository.full_name");
        }
        JsonNode head = pr.path("head");
        String commit = text(head, "sha", "pull_request", "pull_request.head.sha");
        if (!SHA.matcher(commit).matches()) {
            throw new InvalidDeliveryException("pull_request payload's pull_request.head.sha is not a commit sha: " + commit);
        }
        String headBranch = text(head, "ref", "pull_request", "pull_request.head.ref");
        String before = null;
        if (action.equals("synchronize")) {
            before = text(payload, "before", "pull_request.synchronize");
            if (!SHA.matcher(before).matches()) {
                throw new InvalidDeliveryException("pull_request payload's before is not a commit sha: " + before);
            }
        }
        String baseCommit = pr.path("base").path("sha").asText("");
        // A fork's head lives in another repository; a deleted fork leaves head.repo null. Either is untrusted.
        JsonNode headRepo = head.path("repo");
        boolean fork = !headRepo.path("full_name").isTextual()
                || !headRepo.path("full_name").asText().equalsIgnoreCase(repository);
        String author = firstText(pr.path("user").path("login"), payload.path("sender").path("login"));
        // The base repository is the one the pull request targets: its default branch holds the baselines.
        String defaultBranch = firstText(base.path("default_branch"),
                payload.path("repository").path("default_branch"));
        Contributors contributors = new Contributors();
        contributors.add(pr.path("user").path("login").asText(null), null, "pull request author");
        contributors.add(payload.path("sender").path("login").asText(null), null, "sender");
        return new GitHubEvent.PullRequest(repository, cloneUrl(base.isObject() ? base : payload.path("repository"), repository),
                numberNode.asInt(), headBranch, defaultBranch, before, commit,
                SHA.matcher(baseCommit).matches() ? baseCommit : null, author, contributors.list(), fork)
                .withFilterFacts(pr.path("base").path("ref").asText(null), labels(pr),
                        action.equals("labeled") ? text(payload.path("label"), "name", "pull_request.labeled", "label.name")
                                : null);
    }

    /** The names of {@code pull_request.labels}, in the payload's order. */
    private static List<String> labels(JsonNode pr) {
        List<String> labels = new java.util.ArrayList<>();
        for (JsonNode label : pr.path("labels")) {
            if (label.path("name").isTextual()) {
                labels.add(label.path("name").asText());
            }
        }
        return labels;
    }

    /** All zeros: the sha GitHub sends for "no commit" (a new ref's before, a deleted ref's after). */
    static boolean isZero(String sha) {
        return sha != null && !sha.isEmpty() && sha.chars().allMatch(c -> c == '0');
    }

    /**
     * The pusher (the sender's login, the pusher's name and address), and the author of the head commit and of each
     * commit listed (GitHub login when the address belongs to an account, and the commit's author address).
     */
    private static List<Contributor> pushContributors(JsonNode payload) {
        Contributors contributors = new Contributors();
        String pusher = firstText(payload.path("sender").path("login"), payload.path("pusher").path("name"));
        contributors.add(pusher, payload.path("pusher").path("email").asText(null), "pusher");
        JsonNode headCommit = payload.path("head_commit");
        if (headCommit.isObject()) {
            contributors.add(headCommit.path("author").path("username").asText(null),
                    headCommit.path("author").path("email").asText(null),
                    "author of head commit " + shortSha(headCommit.path("id").asText("")));
        }
        for (JsonNode commit : payload.path("commits")) {
            if (contributors.full()) {
                break;
            }
            if (commit.path("id").asText("").equals(headCommit.path("id").asText(null))) {
                continue; // the head commit, named above
            }
            contributors.add(commit.path("author").path("username").asText(null),
                    commit.path("author").path("email").asText(null),
                    "author of commit " + shortSha(commit.path("id").asText("")));
        }
        return contributors.list();
    }

    private static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }

    /** People in the order met; the same person (login and address) once, with each role. */
    private static final class Contributors {
        private final Map<String, Contributor> byIdentity = new LinkedHashMap<>();

        void add(String login, String email, String role) {
            Contributor person = new Contributor(login, email, role);
            if (person.login() == null && person.email() == null) {
                return;
            }
            String key = (person.login() == null ? "" : person.login().toLowerCase(java.util.Locale.ROOT)) + " "
                    + (person.email() == null ? "" : person.email().toLowerCase(java.util.Locale.ROOT));
            Contributor known = byIdentity.get(key);
            if (known == null) {
                if (!full()) {
                    byIdentity.put(key, person);
                }
            } else if (!known.role().contains(person.role()) && known.role().length() < Contributor.MAX_LENGTH) {
                byIdentity.put(key, new Contributor(known.login(), known.email(), known.role() + ", " + person.role()));
            }
        }

        boolean full() {
            return byIdentity.size() >= MAX_CONTRIBUTORS;
        }

        List<Contributor> list() {
            return new ArrayList<>(byIdentity.values());
        }
    }

    private static String cloneUrl(JsonNode repository, String fullName) {
        String url = repository.path("clone_url").asText(null);
        return url != null ? url : "https://github.com/" + fullName + ".git";
    }

    private static String text(JsonNode node, String field, String event) {
        return text(node, field, event, field);
    }

    private static String text(JsonNode node, String field, String event, String path) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidDeliveryException(event + " payload lacks " + path);
        }
        return value.asText();
    }

    private static String firstText(JsonNode... candidates) {
        for (JsonNode candidate : candidates) {
            if (candidate.isTextual() && !candidate.asText().isBlank()) {
                return candidate.asText();
            }
        }
        return null;
    }
}
