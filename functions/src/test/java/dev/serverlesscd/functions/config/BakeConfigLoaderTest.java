package dev.serverlesscd.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** An environment's bake period: read with its defaults, refused with the field and line of each mistake. */
@Tag("unit")
class BakeConfigLoaderTest {

    private static EnvironmentTarget staging(String bake) {
        String yaml = """
                repositories:
                  acme/orders-service:
                    environments:
                      staging:
                        namespace: orders-staging
                        deployment: orders
                """ + bake.indent(8);
        return PipelineConfigLoader.parse(yaml, "pipeline.yml").repository("acme/orders-service").orElseThrow()
                .environments().get("staging");
    }

    private static List<String> problems(String bake) {
        try {
            staging(bake);
        } catch (PipelineConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected the configuration to be refused");
    }

    @Test
    void parse_shouldReadABakePeriod_withAlarmsAndAProbe() {
        // GIVEN / WHEN
        EnvironmentTarget target = staging("""
                bake:
                  duration: 10m
                  interval: 30s
                  alarms: [orders-5xx, orders-latency]
                  probe: {path: /orders, maxErrorRate: 2.5%, maxLatencyMs: 200, latencyPercentile: 99, requests: 5}
                """);

        // THEN
        assertThat(target.bake()).isEqualTo(new BakeConfig(600, 30, List.of("orders-5xx", "orders-latency"),
                new BakeConfig.Probe("/orders", null, 5, 2.5, 200, 99)));
        assertThat(target.bake().checks()).isEqualTo(20);
    }

    @Test
    void parse_shouldApplyTheDefaults_andRoundUpTheChecks() {
        BakeConfig bake = staging("""
                bake:
                  duration: 100s
                  probe: {url: "http://127.0.0.1:8080/health"}
                """).bake();

        // a 30 s interval, 10 requests a check, at most 5% errors, latency not judged (p90 if it were)
        assertThat(bake).isEqualTo(new BakeConfig(100, 30, List.of(),
                new BakeConfig.Probe(null, URI.create("http://127.0.0.1:8080/health"), 10, 5.0, null, 90)));
        assertThat(bake.checks()).isEqualTo(4);
    }

    @Test
    void parse_shouldLeaveTheBakeOut_ofAnEnvironmentWithout_andOfItsJson() {
        EnvironmentTarget target = staging("");

        assertThat(target.bake()).isNull();
        JsonNode json = Json.MAPPER.valueToTree(target);
        assertThat(json.has("bake")).isFalse();
    }

    @Test
    void environmentTarget_shouldRoundTripItsBake_throughJson() throws Exception {
        EnvironmentTarget target = staging("""
                bake: {duration: 1h, interval: 1m, alarms: [a], probe: {path: /health, maxLatencyMs: 300}}
                """);

        EnvironmentTarget read = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(target), EnvironmentTarget.class);

        assertThat(read).isEqualTo(target);
        assertThat(Json.MAPPER.valueToTree(target).path("bake").path("intervalSeconds").asInt()).isEqualTo(60);
    }

    @Test
    void parse_shouldRefuseEachMistake_namingTheFieldAndItsLine() {
        assertThat(problems("""
                bake:
                  duration: ten minutes
                  interval: 0s
                  alarms: [a, a]
                  probe: {path: health, url: "ftp://x", maxErrorRate: 150%, latencyPercentile: 95, requests: 0}
                """)).containsExactly(
                "repositories.acme/orders-service.environments.staging.bake.duration (line 8): 'ten minutes' is not a "
                        + "duration from 1s to 24h, for example 30s, 10m or 1h",
                "repositories.acme/orders-service.environments.staging.bake.interval (line 9): '0s' is not a duration "
                        + "from 1s to 24h, for example 30s, 10m or 1h",
                "repositories.acme/orders-service.environments.staging.bake.alarms (line 10): 'a' is listed twice",
                "repositories.acme/orders-service.environments.staging.bake.probe (line 11): give exactly one of path "
                        + "(on the environment's base URL) and url",
                "repositories.acme/orders-service.environments.staging.bake.probe.path (line 11): 'health' must start with /",
                "repositories.acme/orders-service.environments.staging.bake.probe.url (line 11): 'ftp://x' is not an "
                        + "http or https URL with a host",
                "repositories.acme/orders-service.environments.staging.bake.probe.requests (line 11): 0 is outside 1..100",
                "repositories.acme/orders-service.environments.staging.bake.probe.maxErrorRate (line 11): '150%' is "
                        + "not a percentage from 0% to 100%, for example 5%",
                "repositories.acme/orders-service.environments.staging.bake.probe.latencyPercentile (line 11): 95 is "
                        + "not 90 or 99",
                "repositories.acme/orders-service.environments.staging.bake.probe.latencyPercentile (line 11): set "
                        + "maxLatencyMs too: the percentile is compared with it");
    }

    @Test
    void parse_shouldRefuseABakeWithoutASignal_orWithoutADuration_orLongerIntervalsThanThePeriod() {
        assertThat(problems("bake: {interval: 1m}\n")).containsExactly(
                "repositories.acme/orders-service.environments.staging.bake.duration (line 7): required, for example 10m",
                "repositories.acme/orders-service.environments.staging.bake (line 7): a bake needs a signal to watch: "
                        + "alarms, a probe or both");
        assertThat(problems("bake: {duration: 1m, interval: 2m, alarms: [a]}\n")).containsExactly(
                "repositories.acme/orders-service.environments.staging.bake.interval (line 7): 120s is longer than "
                        + "the duration (60s)");
        assertThat(problems("bake: {duration: 1m, alarms: [a], wait: 1m}\n")).containsExactly(
                "repositories.acme/orders-service.environments.staging.bake.wait (line 7): unknown field; expected "
                        + "one of alarms, duration, interval, probe");
    }

    @Test
    void parse_shouldRefuseAPeriodWhoseChecksOrAnswersWouldNotFitTheState() {
        assertThat(problems("bake: {duration: 24h, interval: 1s, alarms: [a]}\n")).containsExactly(
                "repositories.acme/orders-service.environments.staging.bake.interval (line 7): 86400 checks in the "
                        + "period; at most 720 (a longer interval or a shorter duration)");
        assertThat(problems("bake: {duration: 1h, interval: 10s, probe: {path: /health, requests: 100}}\n"))
                .containsExactly("repositories.acme/orders-service.environments.staging.bake.probe.requests (line 7): "
                        + "360 checks x 100 requests is more than the 5000 answers a bake keeps; fewer requests or a "
                        + "longer interval");
    }
}
