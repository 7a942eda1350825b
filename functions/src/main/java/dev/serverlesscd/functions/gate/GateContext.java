package dev.serverlesscd.functions.gate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a judge may need besides the reports and the tier: the request (repository, branches), the baselines to
 * compare with, the time, and where to leave what it measured (kept as baseline candidates of a default-branch run).
 */
public final class GateContext {
    private final GateRequest request;
    private final Baselines baselines;
    private final Instant now;
    private final List<Baseline> measured = new ArrayList<>();

    public GateContext(GateRequest request, Baselines baselines, Instant now) {
        this.request = request;
        this.baselines = baselines;
        this.now = now;
    }

    /** A context with no baselines, for judges called without one. */
    static GateContext none() {
        return new GateContext(new GateRequest(null, null, null, null, List.of()), Baselines.NONE, Instant.EPOCH);
    }

    public GateRequest request() {
        return request;
    }

    public Instant now() {
        return now;
    }

    public Optional<Baseline> baseline(Baseline.Kind kind) {
        return request.repository() == null ? Optional.empty() : baselines.find(request.repository(), kind);
    }

    /** The note of a comparison not made: {@code no baseline yet (first run of main)}. */
    public String noBaseline() {
        return "no baseline yet (first run of " + request.baselineBranch() + ")";
    }

    public void measured(Baseline measurement) {
        measured.add(measurement);
    }

    public List<Baseline> measurements() {
        return List.copyOf(measured);
    }

    /** A measurement of this run, as a baseline candidate. */
    Baseline measurement(Baseline.Kind kind, java.util.Map<String, Double> values, java.util.Map<String, String> units,
            String detail) {
        return new Baseline(kind, request.runId(), request.branch(), now, values, units, detail);
    }
}
