package dev.serverlesscd.functions.bake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.config.BakeConfig;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.deploy.HealthEndpoints;
import dev.serverlesscd.functions.deploy.HttpProbe;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** One bake check: the probe's requests timed and counted into the progress, the alarms read, then judged. */
@Tag("unit")
class BakeServiceTest {
    final AtomicLong nanos = new AtomicLong();
    final List<URI> asked = new ArrayList<>();

    /** A probe that takes {@code ms} per request and answers {@code status}. */
    private HttpProbe probe(int status, long ms) {
        return uri -> {
            asked.add(uri);
            nanos.addAndGet(Duration.ofMillis(ms).toNanos());
            return new HttpProbe.Answer(status, "GET " + uri + " answered " + status);
        };
    }

    private BakeService service(HttpProbe probe, Alarms alarms, HealthEndpoints endpoints) {
        return new BakeService(alarms, probe, endpoints, nanos::get, Duration.ofSeconds(60));
    }

    private static EnvironmentTarget staging(BakeConfig bake) {
        return new EnvironmentTarget("staging", "orders-staging", "orders", "orders", "/health", 0, List.of(), bake);
    }

    @Test
    void check_shouldProbeThePathOnTheBaseUrl_timeEachRequest_andCarryTheProgressOn() {
        // GIVEN a 2-check bake of 3 requests a check, on the environment's base URL; 250 ms answers
        BakeConfig bake = new BakeConfig(60, 30, List.of(), new BakeConfig.Probe("/ping", null, 3, 5, 200, 90));
        BakeService service = service(probe(200, 250), new InMemoryAlarms(),
                HealthEndpoints.parse("orders-staging/orders=http://orders.staging.internal/base"));

        // WHEN
        BakeCheck check = service.check(staging(bake), null);

        // THEN the latency fires with its numbers, the progress holds the first check's answers
        assertThat(asked).hasSize(3).allMatch(uri -> uri.toString().equals("http://orders.staging.internal/base/ping"));
        assertThat(check.progress()).isEqualTo(new BakeProgress(1, 3, 0, List.of(250, 250, 250), null));
        assertThat(check.status()).isEqualTo(BakeCheck.Status.FIRED);
        assertThat(check.reason()).isEqualTo("probe p90 latency 250 ms > 200 ms over 3 requests");
    }

    @Test
    void check_shouldCountErrorsOverTheWholePeriod_fromTheProgressItIsGiven() {
        // GIVEN 2 checks of 10 clean answers so far, then a check whose 10 answers are 503s
        BakeConfig bake = new BakeConfig(120, 30, List.of(), new BakeConfig.Probe(null,
                URI.create("http://127.0.0.1:9/health"), 10, 5, null, 90));
        BakeProgress before = new BakeProgress(2, 20, 0, java.util.Collections.nCopies(20, 5), null);

        BakeCheck check = service(probe(503, 5), new InMemoryAlarms(), HealthEndpoints.none()).check(staging(bake), before);

        assertThat(check.progress().checks()).isEqualTo(3);
        assertThat(check.status()).isEqualTo(BakeCheck.Status.FIRED);
        assertThat(check.reason()).isEqualTo("probe error rate 33.3% > 5% over 30 requests (10 failed; last: "
                + "GET http://127.0.0.1:9/health answered 503)");
    }

    @Test
    void check_shouldStopRequesting_whenTheCheckHasUsedItsBudget() {
        // GIVEN requests of 25 s each (timeouts): they start at 0, 25 and 50 s; a fourth would start past the 60 s budget
        BakeConfig bake = new BakeConfig(60, 30, List.of(), new BakeConfig.Probe(null,
                URI.create("http://127.0.0.1:9/health"), 10, 100, null, 90));

        BakeCheck check = service(probe(-1, 25_000), new InMemoryAlarms(), HealthEndpoints.none()).check(staging(bake), null);

        assertThat(asked).hasSize(3);
        assertThat(check.progress().requests()).isEqualTo(3);
    }

    @Test
    void check_shouldReadTheAlarms_andFailNamingAnAlarmThatDoesNotExist() {
        BakeConfig bake = new BakeConfig(60, 30, List.of("orders-5xx", "orders-gone"), null);
        InMemoryAlarms alarms = new InMemoryAlarms().set("orders-5xx", "ALARM", "Threshold Crossed: [12.0] > 5.0");

        assertThatThrownBy(() -> service(probe(200, 1), alarms, HealthEndpoints.none()).check(staging(bake), null))
                .isInstanceOf(BakeSignalException.class)
                .hasMessage("Bake.SignalUnavailable: alarm(s) orders-gone do not exist (in this account and region)");

        alarms.set("orders-gone", "OK", "fine");
        BakeCheck check = service(probe(200, 1), alarms, HealthEndpoints.none()).check(staging(bake), null);
        assertThat(check.signal()).isEqualTo("alarm orders-5xx");
        assertThat(check.reason()).isEqualTo("alarm orders-5xx is in ALARM: Threshold Crossed: [12.0] > 5.0");
        assertThat(asked).isEmpty();
    }

    @Test
    void check_shouldFail_whenAProbePathHasNoBaseUrl_orTheEnvironmentHasNoBake() {
        BakeConfig bake = new BakeConfig(60, 30, List.of(), new BakeConfig.Probe("/health", null, 3, 5, null, 90));
        BakeService service = service(probe(200, 1), new InMemoryAlarms(), HealthEndpoints.none());

        assertThatThrownBy(() -> service.check(staging(bake), null))
                .isInstanceOf(BakeSignalException.class)
                .hasMessage("Bake.SignalUnavailable: the probe of 'staging' has path /health but no base URL is "
                        + "configured for orders-staging/orders (HEALTH_BASE_URLS); give the probe a url, or the base URL");
        assertThatThrownBy(() -> service.check(staging(null), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("environment 'staging' has no bake period");
    }
}
