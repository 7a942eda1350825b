package dev.serverlesscd.functions.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What {@link GitHubEventParser} reads from GitHub's own example payloads ({@code @octokit/webhooks-examples}) that
 * the webhook tests do not see in its answers: the repository's default branch.
 */
@Tag("unit")
class GitHubEventParserTest {

    @Test
    void parse_shouldReadTheRepositorysDefaultBranch_forGitHubsPushExample() {
        // GIVEN push[4]: a push to master of Codertocat/Hello-World, whose default branch is master
        JsonNode payload = GitHubExamples.get("push", 4).payload();
        assertThat(payload.path("ref").asText()).isEqualTo("refs/heads/master");

        // WHEN it is parsed
        GitHubEvent event = GitHubEventParser.parse("push", payload);

        // THEN the push names the default branch as the payload's repository does
        assertThat(event).isInstanceOfSatisfying(GitHubEvent.Push.class, push -> {
            assertThat(push.branch()).isEqualTo("master");
            assertThat(push.defaultBranch()).isEqualTo(payload.path("repository").path("default_branch").asText())
                    .isEqualTo("master");
        });
    }

    @Test
    void parse_shouldListThePathsThePushsCommitsChanged_onceEach_orNone_whenGitHubMayHaveLeftCommitsOut() {
        // GIVEN push[4] with two listed commits: one adds and modifies, one modifies the same file again and removes one
        ObjectNode payload = GitHubExamples.get("push", 4).payload().deepCopy();
        com.fasterxml.jackson.databind.node.ArrayNode commits = payload.putArray("commits");
        commits.addObject().put("id", "a".repeat(40)).put("timestamp", "2026-12-06T01:00:00Z")
                .<ObjectNode>set("added", commits.arrayNode().add("docs/guide.md"))
                .set("modified", commits.arrayNode().add("src/main.rs"));
        commits.addObject().put("id", "b".repeat(40)).put("timestamp", "2026-12-06T01:05:00Z")
                .<ObjectNode>set("modified", commits.arrayNode().add("src/main.rs"))
                .set("removed", commits.arrayNode().add("Cargo.lock"));

        // WHEN it is parsed, THEN each changed path once, in order
        assertThat(((GitHubEvent.Push) GitHubEventParser.parse("push", payload)).changedPaths())
                .containsExactly("docs/guide.md", "src/main.rs", "Cargo.lock");

        // AND with no commit listed (a new tag, a force-push back) the changed paths are not known
        payload.putArray("commits");
        assertThat(((GitHubEvent.Push) GitHubEventParser.parse("push", payload)).changedPaths()).isNull();

        // AND with as many commits as GitHub lists at most, some may be missing: not known either
        com.fasterxml.jackson.databind.node.ArrayNode many = payload.putArray("commits");
        for (int i = 0; i < GitHubEventParser.MAX_LISTED_COMMITS; i++) {
            many.addObject().put("id", String.format("%040x", i)).set("modified", many.arrayNode().add("README.md"));
        }
        assertThat(((GitHubEvent.Push) GitHubEventParser.parse("push", payload)).changedPaths()).isNull();
    }

    @Test
    void parse_shouldReadTheBaseRepositorysDefaultBranch_forGitHubsPullRequestExample() {
        // GIVEN pull_request[0] (opened) as from a fork whose own default branch is another one
        JsonNode payload = GitHubExamples.get("pull_request", 0).payload().deepCopy();
        ObjectNode headRepo = (ObjectNode) payload.path("pull_request").path("head").path("repo");
        headRepo.put("full_name", "mallory/Hello-World");
        headRepo.put("default_branch", "trunk");

        // WHEN it is parsed
        GitHubEvent event = GitHubEventParser.parse("pull_request", payload);

        // THEN the default branch is the base repository's: the one the pull request is compared with
        assertThat(event).isInstanceOfSatisfying(GitHubEvent.PullRequest.class, pr -> {
            assertThat(pr.fork()).isTrue();
            assertThat(pr.defaultBranch())
                    .isEqualTo(payload.path("pull_request").path("base").path("repo").path("default_branch").asText())
                    .isEqualTo("master");
        });
    }

    @Test
    void parse_shouldGiveNoDefaultBranch_whenThePayloadHasNone() {
        // GIVEN push[4] and pull_request[0] without any default_branch
        ObjectNode push = GitHubExamples.get("push", 4).payload().deepCopy();
        ((ObjectNode) push.path("repository")).remove("default_branch");
        ObjectNode pullRequest = GitHubExamples.get("pull_request", 0).payload().deepCopy();
        ((ObjectNode) pullRequest.path("repository")).remove("default_branch");
        ((ObjectNode) pullRequest.path("pull_request").path("base").path("repo")).remove("default_branch");

        // WHEN they are parsed
        GitHubEvent parsedPush = GitHubEventParser.parse("push", push);
        GitHubEvent parsedPullRequest = GitHubEventParser.parse("pull_request", pullRequest);

        // THEN null, not a guess: the state machine decides what a missing default branch means
        assertThat(parsedPush).isInstanceOfSatisfying(GitHubEvent.Push.class,
                p -> assertThat(p.defaultBranch()).isNull());
        assertThat(parsedPullRequest).isInstanceOfSatisfying(GitHubEvent.PullRequest.class,
                p -> assertThat(p.defaultBranch()).isNull());
    }

    @Test
    void parse_shouldReadTheOldestCommitTime_forGitHubsPushExample() {
        // GIVEN push[4] with its one commit, and a copy with an older commit added after it
        JsonNode payload = GitHubExamples.get("push", 4).payload();
        ObjectNode twoCommits = payload.deepCopy();
        ObjectNode older = twoCommits.path("commits").get(0).deepCopy();
        older.put("timestamp", "2019-05-15T10:00:00-05:00");
        ((com.fasterxml.jackson.databind.node.ArrayNode) twoCommits.path("commits")).add(older);

        // WHEN they are parsed
        GitHubEvent one = GitHubEventParser.parse("push", payload);
        GitHubEvent two = GitHubEventParser.parse("push", twoCommits);

        // THEN the change starts at its oldest commit, whatever its position and offset
        assertThat(one).isInstanceOfSatisfying(GitHubEvent.Push.class,
                p -> assertThat(p.firstCommitAt()).isEqualTo(java.time.Instant.parse("2019-05-15T15:19:25Z")));
        assertThat(two).isInstanceOfSatisfying(GitHubEvent.Push.class,
                p -> assertThat(p.firstCommitAt()).isEqualTo(java.time.Instant.parse("2019-05-15T15:00:00Z")));
    }

    @Test
    void parse_shouldRefuseThePush_whenACommitTimestampIsNotATime() {
        // GIVEN push[4] whose commit's timestamp is garbage
        ObjectNode payload = GitHubExamples.get("push", 4).payload().deepCopy();
        ((ObjectNode) payload.path("commits").get(0)).put("timestamp", "yesterday");

        // WHEN / THEN the message names the field and the value
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GitHubEventParser.parse("push", payload))
                .isInstanceOf(InvalidDeliveryException.class)
                .hasMessage("push payload's commits[].timestamp is not an ISO-8601 time: yesterday");
    }
}
