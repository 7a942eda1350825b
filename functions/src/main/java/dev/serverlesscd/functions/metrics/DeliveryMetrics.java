package dev.serverlesscd.functions.metrics;

import dev.serverlesscd.functions.approval.Approval;
import dev.serverlesscd.functions.deploy.DeploymentRecord;
import dev.serverlesscd.functions.deploy.DeploymentStatus;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The DORA metrics and the pipeline's own numbers, as pure functions of the records ({@link MetricsRecords}); the
 * definitions, in words, are in docs/metrics.md. Nothing here reads a clock or a store.
 *
 * <p>A deployment history's items are grouped into <em>attempts</em>: what one run (or one manual rollback) did to
 * one Deployment, from its first item to its outcome (SUCCEEDED, FAILED, or ROLLED_BACK when the pipeline put the
 * last good image back). Attempts are counted in the window when their outcome is.
 */
public final class DeliveryMetrics {
    /** Branches and tags whose deployments are fixes of a failure (rework): {@code hotfix/…}, {@code hotfix-1.2.1}. */
    static final String HOTFIX_PREFIX = "hotfix";

    private DeliveryMetrics() {
    }

    /** The metrics of {@code repository} in {@code environment} (either null: every one) over the records' window. */
    public static MetricsReport compute(MetricsRecords records, String repository, String environment) {
        Objects.requireNonNull(records, "records");
        Window window = records.window();
        List<Attempt> attempts = classify(attempts(records, repository, environment));
        List<Attempt> inWindow = attempts.stream().filter(a -> window.contains(a.endedAt())).toList();
        MetricsReport.Dora dora = dora(inWindow, attempts, window);
        List<MetricsReport.Week> weeks = window.weeks().stream().map(week -> week(week, inWindow)).toList();
        return new MetricsReport(window, repository, environment, dora, weeks,
                pipeline(records, repository, environment));
    }

    /** One attempt, once classified: whether it is a change, failed, is rework, when it recovered. */
    record Attempt(String repository, String environment, String runId, Run run, boolean manual,
                   DeploymentStatus outcome, Instant startedAt, Instant endedAt,
                   boolean failed, boolean rework, Instant recoveredAt) {

        boolean change() {
            return !manual && outcome != DeploymentStatus.DEPLOYING;
        }

        boolean liveChange() {
            return !manual && outcome == DeploymentStatus.SUCCEEDED;
        }

        /** A deployment in the rework rate's sense: something went live, a change or a rollback. */
        boolean deployment() {
            return outcome == DeploymentStatus.SUCCEEDED || outcome == DeploymentStatus.ROLLED_BACK;
        }

        Attempt classified(boolean failed, boolean rework, Instant recoveredAt) {
            return new Attempt(repository, environment, runId, run, manual, outcome, startedAt, endedAt, failed,
                    rework, recoveredAt);
        }
    }

    private static List<Attempt> attempts(MetricsRecords records, String repository, String environment) {
        Map<String, List<DeploymentRecord>> byAttempt = new LinkedHashMap<>();
        for (DeploymentRecord record : records.deployments()) {
            byAttempt.computeIfAbsent(record.ref() + "#" + record.runId(), k -> new ArrayList<>()).add(record);
        }
        List<Attempt> attempts = new ArrayList<>();
        for (List<DeploymentRecord> items : byAttempt.values()) {
            items.sort(Comparator.comparing(DeploymentRecord::at));
            DeploymentRecord first = items.get(0);
            Run run = records.runsById().get(first.runId());
            String repo = records.repositories().getOrDefault(first.ref(), run == null ? null : run.repository());
            if (repository != null && !repository.equalsIgnoreCase(String.valueOf(repo))) {
                continue;
            }
            if (environment != null && !environment.equals(first.environment())) {
                continue;
            }
            DeploymentRecord outcome = items.stream()
                    .max(Comparator.comparing((DeploymentRecord r) -> rank(r.status())).thenComparing(DeploymentRecord::at))
                    .orElseThrow();
            boolean manual = items.stream().anyMatch(r -> r.requestedBy() != null);
            attempts.add(new Attempt(repo, first.environment(), first.runId(), run, manual, outcome.status(),
                    first.at(), outcome.at(), false, false, null));
        }
        attempts.sort(Comparator.comparing(Attempt::startedAt));
        return attempts;
    }

    /** Which item says how an attempt ended: a rollback over a failure over a success over a start. */
    private static int rank(DeploymentStatus status) {
        return switch (status) {
            case DEPLOYING -> 0;
            case SUCCEEDED -> 1;
            case FAILED -> 2;
            case ROLLED_BACK -> 3;
        };
    }

    /** Per repository and environment, in time order: failures, rework, and when each failure recovered. */
    private static List<Attempt> classify(List<Attempt> attempts) {
        Map<String, List<Attempt>> timelines = new TreeMap<>();
        for (Attempt a : attempts) {
            timelines.computeIfAbsent(a.repository() + "\u0000" + a.environment(), k -> new ArrayList<>()).add(a);
        }
        List<Attempt> classified = new ArrayList<>();
        for (List<Attempt> timeline : timelines.values()) {
            for (int i = 0; i < timeline.size(); i++) {
                Attempt a = timeline.get(i);
                boolean hotfix = !a.manual() && isHotfix(a.run());
                boolean rework = a.deployment() && (a.manual() || hotfix || a.outcome() == DeploymentStatus.ROLLED_BACK);
                boolean failed = false;
                Instant recoveredAt = null;
                if (a.change()) {
                    Attempt next = next(timeline, i, x -> x.outcome() != DeploymentStatus.DEPLOYING);
                    boolean remediated = a.outcome() == DeploymentStatus.SUCCEEDED && next != null
                            && (next.manual() || isHotfix(next.run()));
                    failed = a.outcome() == DeploymentStatus.FAILED || a.outcome() == DeploymentStatus.ROLLED_BACK
                            || remediated;
                    if (a.outcome() == DeploymentStatus.ROLLED_BACK) {
                        recoveredAt = a.endedAt();
                    } else if (failed) {
                        Attempt good = next(timeline, i, Attempt::deployment);
                        recoveredAt = good == null ? null : good.endedAt();
                    }
                }
                classified.add(a.classified(failed, rework, recoveredAt));
            }
        }
        classified.sort(Comparator.comparing(Attempt::startedAt));
        return classified;
    }

    private static Attempt next(List<Attempt> timeline, int after, Predicate<Attempt> matching) {
        for (int j = after + 1; j < timeline.size(); j++) {
            if (matching.test(timeline.get(j))) {
                return timeline.get(j);
            }
        }
        return null;
    }

    static boolean isHotfix(Run run) {
        if (run == null) {
            return false;
        }
        String name = run.branch() != null ? run.branch() : run.tag();
        return name != null && name.toLowerCase(Locale.ROOT).startsWith(HOTFIX_PREFIX);
    }

    private static MetricsReport.Dora dora(List<Attempt> inWindow, List<Attempt> all, Window window) {
        int deployments = (int) inWindow.stream().filter(Attempt::liveChange).count();
        List<Duration> leadTimes = leadTimes(inWindow);
        List<Attempt> changes = inWindow.stream().filter(Attempt::change).toList();
        List<Attempt> failures = changes.stream().filter(Attempt::failed).toList();
        List<Duration> recoveries = failures.stream().filter(a -> a.recoveredAt() != null)
                .map(a -> Duration.between(a.startedAt(), a.recoveredAt())).toList();
        int allDeployments = (int) inWindow.stream().filter(Attempt::deployment).count();
        int rework = (int) inWindow.stream().filter(Attempt::rework).count();
        double weeks = window.length().toSeconds() / (double) Duration.ofDays(7).toSeconds();
        return new MetricsReport.Dora(deployments, deployments / weeks,
                Percentiles.of(leadTimes, 50), Percentiles.of(leadTimes, 90),
                changes.size(), failures.size(), ratio(failures.size(), changes.size()),
                Percentiles.of(recoveries, 50), recoveries.size(), failures.size() - recoveries.size(),
                allDeployments, rework, ratio(rework, allDeployments));
    }

    private static MetricsReport.Week week(Window week, List<Attempt> inWindow) {
        List<Attempt> of = inWindow.stream().filter(a -> week.contains(a.endedAt())).toList();
        int changes = (int) of.stream().filter(Attempt::change).count();
        int failed = (int) of.stream().filter(a -> a.change() && a.failed()).count();
        int all = (int) of.stream().filter(Attempt::deployment).count();
        return new MetricsReport.Week(week.from(), (int) of.stream().filter(Attempt::liveChange).count(),
                Percentiles.of(leadTimes(of), 50), changes, failed, ratio(failed, changes), all,
                (int) of.stream().filter(Attempt::rework).count());
    }

    /** First commit (else, when the push did not say, the run's creation) to the change going live. */
    private static List<Duration> leadTimes(List<Attempt> attempts) {
        return attempts.stream()
                .filter(a -> a.liveChange() && a.run() != null)
                .map(a -> Duration.between(a.run().firstCommitAt() != null ? a.run().firstCommitAt()
                        : a.run().createdAt(), a.endedAt()))
                .filter(d -> !d.isNegative())
                .toList();
    }

    private static MetricsReport.PipelineNumbers pipeline(MetricsRecords records, String repository,
                                                          String environment) {
        List<Run> runs = records.runs().stream()
                .filter(r -> repository == null || repository.equalsIgnoreCase(r.repository()))
                .filter(r -> records.window().contains(r.createdAt()))
                .toList();
        List<Duration> durations = runs.stream()
                .filter(r -> r.status().isFinal() && r.status() != RunStatus.SUPERSEDED && r.updatedAt() != null)
                .map(r -> Duration.between(r.createdAt(), r.updatedAt()))
                .toList();
        List<Duration> waits = records.approvals().stream()
                .filter(a -> repository == null || repository.equalsIgnoreCase(a.repository()))
                .filter(a -> environment == null || environment.equals(a.environment().name()))
                .filter(a -> a.decidedAt() != null && records.window().contains(a.requestedAt()))
                .map(a -> Duration.between(a.requestedAt(), a.decidedAt()))
                .toList();
        return new MetricsReport.PipelineNumbers(durations.size(), Percentiles.of(durations, 50),
                Percentiles.of(durations, 90), waits.size(), Percentiles.of(waits, 50), Percentiles.of(waits, 90),
                gateFailures(runs));
    }

    /** Runs that failed their gates ({@code Gates.FAIL}, {@code Gates.ERROR}), by the stage each reason names. */
    private static List<MetricsReport.GateFailure> gateFailures(List<Run> runs) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, String> latest = new LinkedHashMap<>();
        runs.stream()
                .filter(r -> r.status() == RunStatus.FAILED && r.error() != null && r.error().startsWith("Gates."))
                .sorted(Comparator.comparing(Run::createdAt))
                .forEach(r -> {
                    String cause = r.cause() == null || r.cause().isBlank() ? "unknown: no reason recorded" : r.cause();
                    cause.lines().flatMap(line -> List.of(line.split("; ")).stream())
                            .map(String::trim)
                            .filter(reason -> !reason.isEmpty())
                            .map(reason -> {
                                int colon = reason.indexOf(':');
                                return Map.entry(colon > 0 ? reason.substring(0, colon) : "other", reason);
                            })
                            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue,
                                    (a, b) -> a, LinkedHashMap::new))
                            .forEach((stage, reason) -> {
                                counts.computeIfAbsent(stage, k -> new int[1])[0]++;
                                latest.put(stage, reason);
                            });
                });
        return counts.entrySet().stream()
                .map(e -> new MetricsReport.GateFailure(e.getKey(), e.getValue()[0], latest.get(e.getKey())))
                .sorted(Comparator.comparing(MetricsReport.GateFailure::runs).reversed()
                        .thenComparing(MetricsReport.GateFailure::stage))
                .toList();
    }

    private static Double ratio(int part, int whole) {
        return whole == 0 ? null : part / (double) whole;
    }

    /** The repositories and environments the records name, for a table of every pair. */
    public static List<Map.Entry<String, String>> pairs(MetricsRecords records) {
        java.util.Set<Map.Entry<String, String>> pairs = new java.util.TreeSet<>(
                Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        for (DeploymentRecord record : records.deployments()) {
            Run run = records.runsById().get(record.runId());
            String repo = records.repositories().getOrDefault(record.ref(), run == null ? null : run.repository());
            if (repo != null && record.environment() != null) {
                pairs.add(Map.entry(repo, record.environment()));
            }
        }
        return List.copyOf(pairs);
    }
}
