package dev.serverlesscd.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.common.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class StageReporterTest {

    @Test
    void aCompletedRollout_saysItsReplicasAreReady() throws Exception {
        var status = Json.MAPPER.readTree("{\"status\":\"COMPLETE\",\"readyReplicas\":2,\"replicas\":2,"
                + "\"reason\":\"deployment \\\"orders\\\" successfully rolled out\"}");

        assertThat(StageReporter.rolloutDetail(status, 1))
                .isEqualTo("2/2 replicas ready after 1 check: deployment \"orders\" successfully rolled out");
    }

    @Test
    void aFailedRollout_doesNotClaimReadiness() throws Exception {
        // the old ReplicaSet's pods still count as ready when the new one never progresses
        var status = Json.MAPPER.readTree("{\"status\":\"FAILED\",\"readyReplicas\":2,\"replicas\":2,"
                + "\"reason\":\"deployment \\\"orders\\\" exceeded its progress deadline\"}");

        assertThat(StageReporter.rolloutDetail(status, 3))
                .isEqualTo("not rolled out after 3 checks: deployment \"orders\" exceeded its progress deadline")
                .doesNotContain("ready");
    }
}
