package dev.serverlesscd.functions.pages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.approval.ApprovalStore;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.RepositoryConfig;
import dev.serverlesscd.functions.deploy.DeploymentHistory;
import dev.serverlesscd.functions.deploy.DeploymentRecord;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.deploy.DeploymentStatus;
import dev.serverlesscd.functions.metrics.MetricsReport;
import dev.serverlesscd.functions.metrics.MetricsService;
import dev.serverlesscd.functions.metrics.Window;
import dev.serverlesscd.functions.pages.PageModels.ApprovalView;
import dev.serverlesscd.functions.pages.PageModels.BuildLog;
import dev.serverlesscd.functions.pages.PageModels.EnvironmentView;
import dev.serverlesscd.functions.pages.PageModels.RunDetail;
import dev.serverlesscd.functions.pages.PageModels.RunList;
import dev.serverlesscd.functions.pages.PageModels.RunRow;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunNotFoundException;
import dev.serverlesscd.functions.run.RunPage;
import dev.serverlesscd.functions.run.RunQuery;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.run.RunStore;
import dev.serverlesscd.functions.run.StageRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the pages and their JSON API show, read from the stores: runs (a page at a time), one run whole, each
 * repository's environments, the metrics, and what a badge says. No HTML here ({@link PageViews} renders).
 */
public final class PagesService {
    /** How many history items an environment shows, and how many a manual rollback's targets are chosen from. */
    static final int HISTORY = 20;

    private final RunStore runs;
    private final DeploymentHistory deployments;
    private final ApprovalStore approvals;
    private final PipelineConfig config;
    private final MetricsService metrics;
    private final BuildLogLinks logs;
    private final Clock clock;

    public PagesService(RunStore runs, DeploymentHistory deployments, ApprovalStore approvals, PipelineConfig config,
                        BuildLogLinks logs, Clock clock) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.deployments = Objects.requireNonNull(deployments, "deployments");
        this.approvals = Objects.requireNonNull(approvals, "approvals");
        this.config = Objects.requireNonNull(config, "config");
        this.logs = Objects.requireNonNull(logs, "logs");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = new MetricsService(runs, deployments, approvals, config);
    }

    public Clock clock() {
        return clock;
    }

    public PipelineConfig config() {
        return config;
    }

    /** A page of runs, newest first. */
    public RunList runs(RunQuery query, String cursor, int limit) {
        RunPage page = runs.page(query, cursor, limit);
        Instant now = clock.instant();
        List<RunRow> rows = page.runs().stream()
                .map(run -> new RunRow(run, duration(run, now), reached(run)))
                .toList();
        return new RunList(query, rows, page.next());
    }

    /** One run, whole. */
    public RunDetail run(String runId) {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("id is required: /run?id=<run id>");
        }
        Run run = runs.find(runId).orElseThrow(() -> new RunNotFoundException(runId));
        List<StageRecord> stages = runs.stages(runId);
        JsonNode summary = run.summary();
        JsonNode gate = summary == null ? null : summary.path("gate");
        List<BuildLog> builds = new ArrayList<>();
        if (summary != null && summary.path("checks").isArray()) {
            for (JsonNode check : summary.path("checks")) {
                String buildId = text(check, "buildId");
                builds.add(new BuildLog(text(check, "stage"), text(check, "status"), buildId,
                        buildId == null ? null : logs.of(buildId)));
            }
        }
        List<ApprovalView> approvalViews = approvals.ofRun(runId).stream()
                .map(a -> new ApprovalView(a, approvals.decisions(a.approvalId())))
                .toList();
        List<DeploymentRecord> deployed = new ArrayList<>();
        for (EnvironmentTarget target : run.environments()) {
            DeploymentRef ref = new DeploymentRef(target.namespace(), target.deployment());
            deployments.recent(ref, 50).stream()
                    .filter(r -> runId.equals(r.runId()))
                    .sorted(Comparator.comparing(DeploymentRecord::at))
                    .forEach(deployed::add);
        }
        String version = run.status() + "|" + run.updatedAt() + "|" + stages.size() + "|" + deployed.size() + "|"
                + approvalViews.stream().map(a -> a.approval().status() + ":" + a.decisions().size()).toList();
        return new RunDetail(run, stages, strings(gate, "reasons"), strings(gate, "warnings"), builds, approvalViews,
                deployed, version);
    }

    /** Every configured repository's environments (only {@code repository}'s when given), in configuration order. */
    public List<EnvironmentView> environments(String repository) {
        List<EnvironmentView> views = new ArrayList<>();
        for (RepositoryConfig repo : config.repositories().values()) {
            if (repository != null && !repository.isBlank() && !repo.name().equalsIgnoreCase(repository)) {
                continue;
            }
            for (EnvironmentTarget target : repo.environments().values()) {
                DeploymentRef ref = new DeploymentRef(target.namespace(), target.deployment());
                List<DeploymentRecord> history = deployments.recent(ref, HISTORY);
                DeploymentRecord live = history.stream()
                        .filter(r -> r.status() == DeploymentStatus.SUCCEEDED || r.status() == DeploymentStatus.ROLLED_BACK)
                        .findFirst().orElse(null);
                Set<String> seen = new LinkedHashSet<>();
                List<DeploymentRecord> targets = deployments.succeeded(ref, 50).stream()
                        .filter(r -> live == null || !r.image().equals(live.image()))
                        .filter(r -> seen.add(r.version() == null ? r.image() : r.version()))
                        .limit(10)
                        .toList();
                views.add(new EnvironmentView(repo.name(), target.name(), target.namespace(), target.deployment(),
                        live, history, targets));
            }
        }
        return views;
    }

    /** The metrics of the window ending now that {@code since} names, per repository and environment. */
    public List<MetricsReport> metrics(String repository, String environment, String since) {
        Window window = Window.since(since == null || since.isBlank() ? "30d" : since, clock.instant());
        return metrics.reports(window, blankToNull(repository), blankToNull(environment));
    }

    /**
     * The newest run of {@code branch} in {@code repository} that was not superseded: what the branch's badge shows;
     * empty when there is none.
     */
    public Optional<Run> latestRun(String repository, String branch) {
        requireText(repository, "repository");
        requireText(branch, "branch");
        RunQuery query = new RunQuery(repository, "refs/heads/" + branch, null);
        String cursor = null;
        for (int pages = 0; pages < 5; pages++) {
            RunPage page = runs.page(query, cursor, 10);
            Optional<Run> found = page.runs().stream().filter(r -> r.status() != RunStatus.SUPERSEDED).findFirst();
            if (found.isPresent() || page.next() == null) {
                return found;
            }
            cursor = page.next();
        }
        return Optional.empty();
    }

    /** What is live in a configured environment; empty when nothing is, or the environment is not configured. */
    public Optional<DeploymentRecord> live(String repository, String environment) {
        requireText(repository, "repository");
        requireText(environment, "environment");
        return environments(repository).stream()
                .filter(e -> e.environment().equals(environment) && e.repository().equalsIgnoreCase(repository))
                .findFirst()
                .map(EnvironmentView::live);
    }

    /** Whether the configuration names this repository (and environment, when given). */
    public boolean configured(String repository, String environment) {
        return config.repository(repository)
                .map(r -> environment == null || r.environments().containsKey(environment))
                .orElse(false);
    }

    private static Duration duration(Run run, Instant now) {
        if (run.createdAt() == null) {
            return null;
        }
        Instant end = run.status().isFinal() ? run.updatedAt() : now;
        return end == null || end.isBefore(run.createdAt()) ? null : Duration.between(run.createdAt(), end);
    }

    /** The environments the run's summary says it deployed to. */
    private static List<String> reached(Run run) {
        if (run.summary() == null || !run.summary().path("deployments").isArray()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        run.summary().path("deployments").forEach(d -> {
            JsonNode environment = d.path("environment");
            String name = environment.isTextual() ? environment.asText() : text(environment, "name");
            if (name != null) {
                names.add(name);
            }
        });
        return names;
    }

    private static List<String> strings(JsonNode node, String field) {
        if (node == null || !node.path(field).isArray()) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        node.path(field).forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.path(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
