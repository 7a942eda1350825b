package dev.serverlesscd.functions.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.config.DeclaredStages;
import dev.serverlesscd.functions.plan.Plan;
import dev.serverlesscd.functions.plan.StagePlanner;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LaunchRequestTest {
    private static final String BEFORE = "0000000000000000000000000000000000000001";
    private static final Run RUN = new Run("run-1", "1", "acme/orders-service",
            "https://github.com/acme/orders-service.git", "push", "refs/heads/main", "main", "main", null,
            "6113728f27ae82c7b1a177c8d03f9e96e0adf246", "octocat", "main-6113728", "standard", false, List.of(),
            RunStatus.RECEIVED, null, null, null, null, null, null);
    private static final Plan PLAN = new StagePlanner().plan(DeclaredStages.DEFAULTS, RUN);

    @Test
    void delivered_isJudgedByTheStaleRule_fromTheHeadItStartedFrom() {
        LaunchRequest request = LaunchRequest.delivered(RUN, true, BEFORE, PLAN);

        assertThat(request.isRequested()).isFalse();
        assertThat(request.before()).isEqualTo(BEFORE);
        assertThat(request.fork()).isTrue();
    }

    @Test
    void requested_hasNoHeadToStartFrom_andIsNeverAFork() {
        LaunchRequest request = LaunchRequest.requested(RUN, PLAN);

        assertThat(request.isRequested()).isTrue();
        assertThat(request.before()).isNull();
        assertThat(request.fork()).isFalse();
    }

    @Test
    void shouldRefuseADeliveryWithoutItsBefore_andAnyRequestWithoutARunOrAPlan() {
        assertThatThrownBy(() -> LaunchRequest.delivered(RUN, false, null, PLAN))
                .isInstanceOf(NullPointerException.class).hasMessage("before");
        assertThatThrownBy(() -> LaunchRequest.requested(RUN, null))
                .isInstanceOf(NullPointerException.class).hasMessage("plan");
        assertThatThrownBy(() -> LaunchRequest.requested(null, PLAN))
                .isInstanceOf(NullPointerException.class).hasMessage("run");
    }
}
