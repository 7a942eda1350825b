package dev.serverlesscd.functions.bake;

import dev.serverlesscd.functions.config.BakeConfig;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.deploy.HealthEndpoints;
import dev.serverlesscd.functions.deploy.HttpProbe;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * One check of a bake period (the CheckBake task; the waits between checks are the state machine's Wait states):
 * the probe's requests of this check, the alarms' states, then {@link BakeJudge} over the whole period so far.
 */
public final class BakeService {
    private final Alarms alarms;
    private final HttpProbe probe;
    private final HealthEndpoints endpoints;
    private final LongSupplier nanoTime;
    private final Duration probeBudget;

    /**
     * @param nanoTime    the clock requests are timed with ({@code System::nanoTime})
     * @param probeBudget how long one check's requests may take: those not started by then are not made (the check
     *                    stays well within its Lambda's timeout even when every request times out)
     */
    public BakeService(Alarms alarms, HttpProbe probe, HealthEndpoints endpoints, LongSupplier nanoTime,
            Duration probeBudget) {
        this.alarms = Objects.requireNonNull(alarms, "BakeService: the alarms are not specified");
        this.probe = Objects.requireNonNull(probe, "BakeService: the HTTP probe is not specified");
        this.endpoints = Objects.requireNonNull(endpoints, "BakeService: the health endpoints are not specified");
        this.nanoTime = Objects.requireNonNull(nanoTime, "BakeService: the timer is not specified");
        this.probeBudget = Objects.requireNonNull(probeBudget, "BakeService: the probe budget is not specified");
    }

    /** Checks {@code environment}'s signals once, continuing from {@code progress} (null: the first check). */
    public BakeCheck check(EnvironmentTarget environment, BakeProgress progress) {
        if (environment == null || environment.bake() == null) {
            throw new IllegalArgumentException("environment" + (environment == null ? " is missing"
                    : " '" + environment.name() + "' has no bake period"));
        }
        BakeConfig bake = environment.bake();
        BakeProgress before = progress == null ? BakeProgress.start() : progress;
        List<BakeProgress.ProbeSample> samples = bake.probe() == null ? List.of() : probe(environment, bake.probe());
        List<Alarms.AlarmState> states = alarmStates(bake.alarms());
        return BakeJudge.judge(bake, before.plus(samples), states);
    }

    private List<BakeProgress.ProbeSample> probe(EnvironmentTarget environment, BakeConfig.Probe config) {
        URI uri = target(environment, config);
        List<BakeProgress.ProbeSample> samples = new ArrayList<>();
        long start = nanoTime.getAsLong();
        for (int i = 0; i < config.requests(); i++) {
            long began = nanoTime.getAsLong();
            if (i > 0 && began - start >= probeBudget.toNanos()) {
                break;
            }
            HttpProbe.Answer answer = probe.get(uri);
            int ms = (int) Math.min(Integer.MAX_VALUE, Duration.ofNanos(nanoTime.getAsLong() - began).toMillis());
            samples.add(new BakeProgress.ProbeSample(answer.healthy(), ms, answer.detail()));
        }
        return samples;
    }

    /** The probe's URL: its own, or its path on the environment's base URL. */
    private URI target(EnvironmentTarget environment, BakeConfig.Probe config) {
        if (config.url() != null) {
            return config.url();
        }
        DeploymentRef ref = new DeploymentRef(environment.namespace(), environment.deployment());
        URI base = endpoints.baseUrl(ref).orElseThrow(() -> new BakeSignalException("the probe of '"
                + environment.name() + "' has path " + config.path() + " but no base URL is configured for " + ref
                + " (" + HealthEndpoints.VARIABLE + "); give the probe a url, or the base URL"));
        return HealthEndpoints.resolve(base, config.path());
    }

    private List<Alarms.AlarmState> alarmStates(List<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        List<Alarms.AlarmState> states = alarms.describe(names);
        List<String> missing = names.stream()
                .filter(name -> states.stream().noneMatch(s -> s.name().equals(name))).toList();
        if (!missing.isEmpty()) {
            throw new BakeSignalException("alarm(s) " + String.join(", ", missing)
                    + " do not exist (in this account and region)");
        }
        return states;
    }
}
