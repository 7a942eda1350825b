package dev.serverlesscd.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.webhook.GitHubEvent;
import dev.serverlesscd.functions.webhook.GitHubEventParser;
import dev.serverlesscd.local.runtime.RepositoryRoot;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The demo's deliveries made from samples/events, read back by the webhook's own parser. */
@Tag("unit")
class SignedPushTest {
    private static final Path EVENTS = RepositoryRoot.find().resolve("samples/events");
    private static final String HEAD = "a".repeat(40);
    private static final String BASE = "b".repeat(40);

    @Test
    void pullRequest_isOpened_thenSynchronized_fromTheBranchIntoMain() throws Exception {
        SignedPush opened = SignedPush.pullRequest(EVENTS.resolve("pull-request-opened.json"), "feature/discount", HEAD,
                "main", BASE, null, DemoSession.WEBHOOK_SECRET);
        SignedPush updated = SignedPush.pullRequest(EVENTS.resolve("pull-request-opened.json"), "feature/discount",
                "c".repeat(40), "main", BASE, HEAD, DemoSession.WEBHOOK_SECRET);

        assertThat(opened.event()).isEqualTo("pull_request");
        GitHubEvent.PullRequest first = (GitHubEvent.PullRequest) GitHubEventParser.parse("pull_request",
                Json.MAPPER.readTree(opened.body()));
        assertThat(first.repository()).isEqualTo("acme/orders-service");
        assertThat(first.cloneUrl()).isEqualTo(DemoSession.CLONE_URL);
        assertThat(first.number()).isEqualTo(DemoSession.PULL_REQUEST);
        assertThat(first.headBranch()).isEqualTo("feature/discount");
        assertThat(first.commit()).isEqualTo(HEAD);
        assertThat(first.baseCommit()).isEqualTo(BASE);
        assertThat(first.before()).isNull();
        assertThat(first.fork()).isFalse();
        GitHubEvent.PullRequest second = (GitHubEvent.PullRequest) GitHubEventParser.parse("pull_request",
                Json.MAPPER.readTree(updated.body()));
        assertThat(second.before()).isEqualTo(HEAD);
        assertThat(second.commit()).isEqualTo("c".repeat(40));
        assertThat(second.number()).isEqualTo(DemoSession.PULL_REQUEST);
    }

    @Test
    void tag_isANewTagsPush_namingTheCommit() throws Exception {
        SignedPush push = SignedPush.tag(EVENTS.resolve("push-main.json"), "v1.2.0", HEAD, "main", DemoSession.WEBHOOK_SECRET);

        GitHubEvent.Push event = (GitHubEvent.Push) GitHubEventParser.parse(push.event(), Json.MAPPER.readTree(push.body()));
        assertThat(event.tag()).isEqualTo("v1.2.0");
        assertThat(event.branch()).isNull();
        assertThat(event.ref()).isEqualTo("refs/tags/v1.2.0");
        assertThat(event.commit()).isEqualTo(HEAD);
        assertThat(event.before()).isEqualTo("0".repeat(40));
    }
}
