package dev.serverlesscd.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What a demo session decides without running anything. */
@Tag("unit")
class DemoSessionTest {

    @Test
    void previousVersion_isTheLastNonZeroNumberLessOne_andZerosAfterIt() {
        assertThat(DemoSession.previousVersion("v1.2.0")).hasValue("v1.1.0");
        assertThat(DemoSession.previousVersion("v2.0.0")).hasValue("v1.0.0");
        assertThat(DemoSession.previousVersion("v1.2.3")).hasValue("v1.2.2");
        assertThat(DemoSession.previousVersion("v1.10.0-rc.1")).hasValue("v1.9.0");
        assertThat(DemoSession.previousVersion("v0.0.0")).isEmpty();
        assertThat(DemoSession.previousVersion("vnext")).isEmpty();
    }

    @Test
    void scenario_isAPullRequestOrATag_notBoth() {
        DemoSession.Scenario pullRequest = DemoSession.Scenario.success().asPullRequest("feature/discount");
        DemoSession.Scenario tag = DemoSession.Scenario.success().asTag("v1.2.0");

        assertThat(pullRequest.pullRequest()).isTrue();
        assertThat(pullRequest.branch()).isEqualTo("feature/discount");
        assertThat(tag.tag()).isEqualTo("v1.2.0");
        assertThat(tag.branch()).isEqualTo("main");
        assertThat(pullRequest.asTag("v1.2.0").pullRequest()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DemoSession.Scenario(false,
                        dev.serverlesscd.functions.approval.Decision.APPROVE, false, "main", java.util.List.of(), true, "v1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
    }
}
