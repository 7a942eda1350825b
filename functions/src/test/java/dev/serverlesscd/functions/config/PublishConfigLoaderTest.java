package dev.serverlesscd.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.config.PublishConfig.ChatChannel;
import dev.serverlesscd.functions.config.PublishConfig.ChatEvent;
import dev.serverlesscd.functions.config.PublishConfig.ChatType;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The publishing sections of a repository: the pull request's comment, releases, code scanning, chat. */
@Tag("unit")
class PublishConfigLoaderTest {

    @Test
    void parse_shouldReadEveryPublishingSection() {
        // GIVEN
        String yaml = """
                repositories:
                  acme/orders-service:
                    pullRequests: {tier: basic, comment: false}
                    release: {tags: "v*", draft: true, prerelease: "*-rc*"}
                    codeScanning: [scan]
                    chat:
                      team:
                        type: slack
                        secret: orders/slack-team
                        events: [run-failed, deployed, rolled-back, release-published]
                      approvers:
                        type: discord
                        secret: orders-discord
                        events: [approval-waiting]
                        approvalLinks: true
                """;

        // WHEN
        PublishConfig publish = PipelineConfigLoader.parse(yaml, "inline").repository("acme/orders-service")
                .orElseThrow().publish();

        // THEN
        assertThat(publish.pullRequestComment()).isFalse();
        PublishConfig.ReleaseRule release = publish.release().orElseThrow();
        assertThat(release.matches("v1.2.0")).isTrue();
        assertThat(release.matches("1.2.0")).isFalse();
        assertThat(release.draft()).isTrue();
        assertThat(release.isPrerelease("v1.2.0-rc.1")).isTrue();
        assertThat(release.isPrerelease("v1.2.0")).isFalse();
        assertThat(publish.codeScanning()).containsExactly("scan");
        assertThat(publish.chat()).containsExactly(
                new ChatChannel("team", ChatType.SLACK, "orders/slack-team",
                        Set.of(ChatEvent.RUN_FAILED, ChatEvent.DEPLOYED, ChatEvent.ROLLED_BACK, ChatEvent.RELEASE_PUBLISHED), false),
                new ChatChannel("approvers", ChatType.DISCORD, "orders-discord", Set.of(ChatEvent.APPROVAL_WAITING), true));
    }

    @Test
    void parse_shouldPublishOnlyTheComment_whenNothingIsConfigured() {
        PublishConfig publish = PipelineConfigLoader.parse("repositories:\n  acme/orders-service: {}\n", "inline")
                .repository("acme/orders-service").orElseThrow().publish();

        assertThat(publish).isEqualTo(PublishConfig.DEFAULTS);
        assertThat(PipelineConfigLoader.parse("repositories:\n  acme/orders-service: {codeScanning: true}\n", "inline")
                .repository("acme/orders-service").orElseThrow().publish().codeScanning()).containsExactlyInAnyOrder("scan", "lint");
    }

    @Test
    void parse_shouldReportEveryPublishingMistakeWithItsFieldAndLine() {
        // GIVEN
        String yaml = """
                repositories:
                  acme/orders-service:
                    pullRequests: {comment: maybe}
                    release: {draft: no}
                    codeScanning: [scan, test]
                    chat:
                      Team:
                        type: teams
                        secret: "a secret"
                        events: [run-failed, lunch]
                      ops:
                        type: webhook
                        secret: ops-hook
                        events: [deployed]
                        approvalLinks: true
                      quiet: {type: slack, secret: quiet}
                """;

        // THEN every problem at once, by line
        assertThatThrownBy(() -> PipelineConfigLoader.parse(yaml, "pipeline.yml"))
                .isInstanceOfSatisfying(PipelineConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "repositories.acme/orders-service.pullRequests.comment (line 3): 'maybe' must be true or false",
                        "repositories.acme/orders-service.release.tags (line 4): required",
                        "repositories.acme/orders-service.release.draft (line 4): 'no' must be true or false",
                        "repositories.acme/orders-service.codeScanning (line 5): 'test' writes no SARIF; stages that do: lint, scan",
                        "repositories.acme/orders-service.chat.Team (line 8): channel name 'Team' must be lower case letters, digits and '-'",
                        "repositories.acme/orders-service.chat.Team.type (line 8): 'teams' is not one of slack, discord, webhook",
                        "repositories.acme/orders-service.chat.Team.secret (line 9): 'a secret' is not a secret name (letters, digits and /_+=.@-)",
                        "repositories.acme/orders-service.chat.Team.events (line 10): unknown event 'lunch'; known: "
                                + "run-failed, deployed, approval-waiting, rolled-back, release-published",
                        "repositories.acme/orders-service.chat.ops.approvalLinks (line 15): the channel does not hear "
                                + "approval-waiting, so it has no approval link to show",
                        "repositories.acme/orders-service.chat.quiet.events (line 16): required; one or more of "
                                + "run-failed, deployed, approval-waiting, rolled-back, release-published"));
    }
}
