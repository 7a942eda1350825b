package dev.serverlesscd.functions.wiring;

import dev.serverlesscd.functions.approval.ApprovalLinks;
import dev.serverlesscd.functions.bake.Alarms;
import dev.serverlesscd.functions.chat.ChatNotifier;
import dev.serverlesscd.functions.github.GitHubClient;
import dev.serverlesscd.functions.github.RunLinks;
import dev.serverlesscd.functions.approval.ApprovalStore;
import dev.serverlesscd.functions.approval.LinkSigner;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.deploy.Cluster;
import dev.serverlesscd.functions.deploy.DeploymentHistory;
import dev.serverlesscd.functions.deploy.ReleaseRevisions;
import dev.serverlesscd.functions.deploy.EnvironmentLocks;
import dev.serverlesscd.functions.deploy.HealthEndpoints;
import dev.serverlesscd.functions.deploy.HttpProbe;
import dev.serverlesscd.functions.gate.Baselines;
import dev.serverlesscd.functions.gate.ImageInspector;
import dev.serverlesscd.functions.mail.Mailer;
import dev.serverlesscd.functions.reports.ReportGroups;
import dev.serverlesscd.functions.reports.ReportSource;
import dev.serverlesscd.functions.run.BranchRuns;
import dev.serverlesscd.functions.run.RunStore;
import dev.serverlesscd.functions.run.StageStatuses;
import dev.serverlesscd.functions.run.Supersession;
import dev.serverlesscd.functions.webhook.DeliveryLedger;
import dev.serverlesscd.functions.webhook.WebhookSecret;
import dev.serverlesscd.functions.workflow.ExecutionStarter;
import dev.serverlesscd.functions.workflow.TaskCallbacks;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Ports given one by one: what the local runtime and the tests wire. Each is given as a value or as a supplier
 * (built once, when first asked for, so a port can depend on a server started later); a port nobody gave fails with
 * its name when it is asked for, so a service that needs it fails at construction.
 */
public final class GivenPorts implements Ports {
    private final Supplier<Clock> clock;
    private final Supplier<PipelineConfig> pipelineConfig;
    private final Supplier<RunStore> runs;
    private final Supplier<DeliveryLedger> deliveries;
    private final Supplier<BranchRuns> branchRuns;
    private final Supplier<Supersession> supersession;
    private final Supplier<DeploymentHistory> deployments;
    private final Supplier<ReleaseRevisions> releases;
    private final Supplier<EnvironmentLocks> locks;
    private final Supplier<Baselines> baselines;
    private final Supplier<ApprovalStore> approvals;
    private final Supplier<ExecutionStarter> executions;
    private final Supplier<TaskCallbacks> callbacks;
    private final Supplier<Mailer> mailer;
    private final Supplier<StageStatuses> statuses;
    private final Supplier<Cluster> cluster;
    private final Supplier<HealthEndpoints> healthEndpoints;
    private final Supplier<HttpProbe> probe;
    private final Supplier<ReportSource> reports;
    private final Supplier<ReportGroups> reportGroups;
    private final Supplier<ImageInspector> images;
    private final Supplier<WebhookSecret> webhookSecret;
    private final Supplier<LinkSigner> linkSigner;
    private final Supplier<ApprovalLinks> approvalLinks;
    private final Supplier<Settings> settings;
    private final Supplier<GitHubClient> github;
    private final Supplier<ChatNotifier> chat;
    private final Supplier<Alarms> alarms;
    private final Supplier<RunLinks> runLinks;

    private GivenPorts(Builder builder) {
        this.clock = builder.clock == null ? missing("clock") : new Once<>(builder.clock);
        this.pipelineConfig = builder.pipelineConfig == null ? missing("pipelineConfig") : new Once<>(builder.pipelineConfig);
        this.runs = builder.runs == null ? missing("runs") : new Once<>(builder.runs);
        this.deliveries = builder.deliveries == null ? missing("deliveries") : new Once<>(builder.deliveries);
        this.branchRuns = builder.branchRuns == null ? missing("branchRuns") : new Once<>(builder.branchRuns);
        this.supersession = builder.supersession == null ? missing("supersession") : new Once<>(builder.supersession);
        this.deployments = builder.deployments == null ? missing("deployments") : new Once<>(builder.deployments);
        this.releases = builder.releases == null ? () -> null : new Once<>(builder.releases);
        this.locks = builder.locks == null ? missing("locks") : new Once<>(builder.locks);
        this.baselines = builder.baselines == null ? missing("baselines") : new Once<>(builder.baselines);
        this.approvals = builder.approvals == null ? missing("approvals") : new Once<>(builder.approvals);
        this.executions = builder.executions == null ? missing("executions") : new Once<>(builder.executions);
        this.callbacks = builder.callbacks == null ? missing("callbacks") : new Once<>(builder.callbacks);
        this.mailer = builder.mailer == null ? missing("mailer") : new Once<>(builder.mailer);
        this.statuses = builder.statuses == null ? missing("statuses") : new Once<>(builder.statuses);
        this.cluster = builder.cluster == null ? missing("cluster") : new Once<>(builder.cluster);
        this.healthEndpoints = builder.healthEndpoints == null ? missing("healthEndpoints") : new Once<>(builder.healthEndpoints);
        this.probe = builder.probe == null ? missing("probe") : new Once<>(builder.probe);
        this.reports = builder.reports == null ? missing("reports") : new Once<>(builder.reports);
        this.reportGroups = builder.reportGroups == null ? missing("reportGroups") : new Once<>(builder.reportGroups);
        this.images = builder.images == null ? missing("images") : new Once<>(builder.images);
        this.webhookSecret = builder.webhookSecret == null ? missing("webhookSecret") : new Once<>(builder.webhookSecret);
        this.linkSigner = builder.linkSigner == null ? missing("linkSigner") : new Once<>(builder.linkSigner);
        this.approvalLinks = builder.approvalLinks == null ? missing("approvalLinks") : new Once<>(builder.approvalLinks);
        this.settings = builder.settings == null ? missing("settings") : new Once<>(builder.settings);
        // publishing is optional: a port nobody gave says it is off
        this.github = builder.github == null ? Ports.super::github : new Once<>(builder.github);
        this.chat = builder.chat == null ? () -> ChatNotifier.NONE : new Once<>(builder.chat);
        this.alarms = builder.alarms == null ? Ports.super::alarms : new Once<>(builder.alarms);
        this.runLinks = builder.runLinks == null ? RunLinks::none : new Once<>(builder.runLinks);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static <T> Supplier<T> missing(String port) {
        return () -> {
            throw new IllegalStateException("The port '" + port + "' is not wired here");
        };
    }

    @Override
    public Clock clock() {
        return clock.get();
    }

    @Override
    public PipelineConfig pipelineConfig() {
        return pipelineConfig.get();
    }

    @Override
    public RunStore runs() {
        return runs.get();
    }

    @Override
    public DeliveryLedger deliveries() {
        return deliveries.get();
    }

    @Override
    public BranchRuns branchRuns() {
        return branchRuns.get();
    }

    @Override
    public Supersession supersession() {
        return supersession.get();
    }

    @Override
    public DeploymentHistory deployments() {
        return deployments.get();
    }

    @Override
    public ReleaseRevisions releases() {
        return releases.get();
    }

    @Override
    public EnvironmentLocks locks() {
        return locks.get();
    }

    @Override
    public Baselines baselines() {
        return baselines.get();
    }

    @Override
    public ApprovalStore approvals() {
        return approvals.get();
    }

    @Override
    public ExecutionStarter executions() {
        return executions.get();
    }

    @Override
    public TaskCallbacks callbacks() {
        return callbacks.get();
    }

    @Override
    public Mailer mailer() {
        return mailer.get();
    }

    @Override
    public StageStatuses statuses() {
        return statuses.get();
    }

    @Override
    public Cluster cluster() {
        return cluster.get();
    }

    @Override
    public HealthEndpoints healthEndpoints() {
        return healthEndpoints.get();
    }

    @Override
    public HttpProbe probe() {
        return probe.get();
    }

    @Override
    public ReportSource reports() {
        return reports.get();
    }

    @Override
    public ReportGroups reportGroups() {
        return reportGroups.get();
    }

    @Override
    public ImageInspector images() {
        return images.get();
    }

    @Override
    public WebhookSecret webhookSecret() {
        return webhookSecret.get();
    }

    @Override
    public LinkSigner linkSigner() {
        return linkSigner.get();
    }

    @Override
    public ApprovalLinks approvalLinks() {
        return approvalLinks.get();
    }

    @Override
    public Settings settings() {
        return settings.get();
    }

    @Override
    public GitHubClient github() {
        return github.get();
    }

    @Override
    public ChatNotifier chat() {
        return chat.get();
    }

    @Override
    public Alarms alarms() {
        return alarms.get();
    }

    @Override
    public RunLinks runLinks() {
        return runLinks.get();
    }

    /** The ports, each given as a value or a supplier. */
    public static final class Builder {
        private Supplier<Clock> clock;
        private Supplier<PipelineConfig> pipelineConfig;
        private Supplier<RunStore> runs;
        private Supplier<DeliveryLedger> deliveries;
        private Supplier<BranchRuns> branchRuns;
        private Supplier<Supersession> supersession;
        private Supplier<DeploymentHistory> deployments;
        private Supplier<ReleaseRevisions> releases;
        private Supplier<EnvironmentLocks> locks;
        private Supplier<Baselines> baselines;
        private Supplier<ApprovalStore> approvals;
        private Supplier<ExecutionStarter> executions;
        private Supplier<TaskCallbacks> callbacks;
        private Supplier<Mailer> mailer;
        private Supplier<StageStatuses> statuses;
        private Supplier<Cluster> cluster;
        private Supplier<HealthEndpoints> healthEndpoints;
        private Supplier<HttpProbe> probe;
        private Supplier<ReportSource> reports;
        private Supplier<ReportGroups> reportGroups;
        private Supplier<ImageInspector> images;
        private Supplier<WebhookSecret> webhookSecret;
        private Supplier<LinkSigner> linkSigner;
        private Supplier<ApprovalLinks> approvalLinks;
        private Supplier<GitHubClient> github;
        private Supplier<ChatNotifier> chat;
        private Supplier<Alarms> alarms;
        private Supplier<RunLinks> runLinks;
        private Supplier<Settings> settings;

        private Builder() {
        }

        public Builder clock(Clock clock) {
            Objects.requireNonNull(clock, "clock");
            this.clock = () -> clock;
            return this;
        }

        public Builder clockFrom(Supplier<? extends Clock> clock) {
            Objects.requireNonNull(clock, "clock");
            this.clock = clock::get;
            return this;
        }

        public Builder pipelineConfig(PipelineConfig pipelineConfig) {
            Objects.requireNonNull(pipelineConfig, "pipelineConfig");
            this.pipelineConfig = () -> pipelineConfig;
            return this;
        }

        public Builder pipelineConfigFrom(Supplier<? extends PipelineConfig> pipelineConfig) {
            Objects.requireNonNull(pipelineConfig, "pipelineConfig");
            this.pipelineConfig = pipelineConfig::get;
            return this;
        }

        public Builder runs(RunStore runs) {
            Objects.requireNonNull(runs, "runs");
            this.runs = () -> runs;
            return this;
        }

        public Builder runsFrom(Supplier<? extends RunStore> runs) {
            Objects.requireNonNull(runs, "runs");
            this.runs = runs::get;
            return this;
        }

        public Builder deliveries(DeliveryLedger deliveries) {
            Objects.requireNonNull(deliveries, "deliveries");
            this.deliveries = () -> deliveries;
            return this;
        }

        public Builder deliveriesFrom(Supplier<? extends DeliveryLedger> deliveries) {
            Objects.requireNonNull(deliveries, "deliveries");
            this.deliveries = deliveries::get;
            return this;
        }

        public Builder branchRuns(BranchRuns branchRuns) {
            Objects.requireNonNull(branchRuns, "branchRuns");
            this.branchRuns = () -> branchRuns;
            return this;
        }

        public Builder branchRunsFrom(Supplier<? extends BranchRuns> branchRuns) {
            Objects.requireNonNull(branchRuns, "branchRuns");
            this.branchRuns = branchRuns::get;
            return this;
        }

        public Builder supersession(Supersession supersession) {
            Objects.requireNonNull(supersession, "supersession");
            this.supersession = () -> supersession;
            return this;
        }

        public Builder supersessionFrom(Supplier<? extends Supersession> supersession) {
            Objects.requireNonNull(supersession, "supersession");
            this.supersession = supersession::get;
            return this;
        }

        public Builder deployments(DeploymentHistory deployments) {
            Objects.requireNonNull(deployments, "deployments");
            this.deployments = () -> deployments;
            return this;
        }

        public Builder deploymentsFrom(Supplier<? extends DeploymentHistory> deployments) {
            Objects.requireNonNull(deployments, "deployments");
            this.deployments = deployments::get;
            return this;
        }

        public Builder releasesFrom(Supplier<? extends ReleaseRevisions> releases) {
            Objects.requireNonNull(releases, "releases");
            this.releases = releases::get;
            return this;
        }

        public Builder locks(EnvironmentLocks locks) {
            Objects.requireNonNull(locks, "locks");
            this.locks = () -> locks;
            return this;
        }

        public Builder locksFrom(Supplier<? extends EnvironmentLocks> locks) {
            Objects.requireNonNull(locks, "locks");
            this.locks = locks::get;
            return this;
        }

        public Builder baselines(Baselines baselines) {
            Objects.requireNonNull(baselines, "baselines");
            this.baselines = () -> baselines;
            return this;
        }

        public Builder baselinesFrom(Supplier<? extends Baselines> baselines) {
            Objects.requireNonNull(baselines, "baselines");
            this.baselines = baselines::get;
            return this;
        }

        public Builder approvals(ApprovalStore approvals) {
            Objects.requireNonNull(approvals, "approvals");
            this.approvals = () -> approvals;
            return this;
        }

        public Builder approvalsFrom(Supplier<? extends ApprovalStore> approvals) {
            Objects.requireNonNull(approvals, "approvals");
            this.approvals = approvals::get;
            return this;
        }

        public Builder executions(ExecutionStarter executions) {
            Objects.requireNonNull(executions, "executions");
            this.executions = () -> executions;
            return this;
        }

        public Builder executionsFrom(Supplier<? extends ExecutionStarter> executions) {
            Objects.requireNonNull(executions, "executions");
            this.executions = executions::get;
            return this;
        }

        public Builder callbacks(TaskCallbacks callbacks) {
            Objects.requireNonNull(callbacks, "callbacks");
            this.callbacks = () -> callbacks;
            return this;
        }

        public Builder callbacksFrom(Supplier<? extends TaskCallbacks> callbacks) {
            Objects.requireNonNull(callbacks, "callbacks");
            this.callbacks = callbacks::get;
            return this;
        }

        public Builder mailer(Mailer mailer) {
            Objects.requireNonNull(mailer, "mailer");
            this.mailer = () -> mailer;
            return this;
        }

        public Builder mailerFrom(Supplier<? extends Mailer> mailer) {
            Objects.requireNonNull(mailer, "mailer");
            this.mailer = mailer::get;
            return this;
        }

        public Builder statuses(StageStatuses statuses) {
            Objects.requireNonNull(statuses, "statuses");
            this.statuses = () -> statuses;
            return this;
        }

        public Builder statusesFrom(Supplier<? extends StageStatuses> statuses) {
            Objects.requireNonNull(statuses, "statuses");
            this.statuses = statuses::get;
            return this;
        }

        public Builder cluster(Cluster cluster) {
            Objects.requireNonNull(cluster, "cluster");
            this.cluster = () -> cluster;
            return this;
        }

        public Builder clusterFrom(Supplier<? extends Cluster> cluster) {
            Objects.requireNonNull(cluster, "cluster");
            this.cluster = cluster::get;
            return this;
        }

        public Builder healthEndpoints(HealthEndpoints healthEndpoints) {
            Objects.requireNonNull(healthEndpoints, "healthEndpoints");
            this.healthEndpoints = () -> healthEndpoints;
            return this;
        }

        public Builder healthEndpointsFrom(Supplier<? extends HealthEndpoints> healthEndpoints) {
            Objects.requireNonNull(healthEndpoints, "healthEndpoints");
            this.healthEndpoints = healthEndpoints::get;
            return this;
        }

        public Builder probe(HttpProbe probe) {
            Objects.requireNonNull(probe, "probe");
            this.probe = () -> probe;
            return this;
        }

        public Builder probeFrom(Supplier<? extends HttpProbe> probe) {
            Objects.requireNonNull(probe, "probe");
            this.probe = probe::get;
            return this;
        }

        public Builder reports(ReportSource reports) {
            Objects.requireNonNull(reports, "reports");
            this.reports = () -> reports;
            return this;
        }

        public Builder reportsFrom(Supplier<? extends ReportSource> reports) {
            Objects.requireNonNull(reports, "reports");
            this.reports = reports::get;
            return this;
        }

        public Builder reportGroups(ReportGroups reportGroups) {
            Objects.requireNonNull(reportGroups, "reportGroups");
            this.reportGroups = () -> reportGroups;
            return this;
        }

        public Builder reportGroupsFrom(Supplier<? extends ReportGroups> reportGroups) {
            Objects.requireNonNull(reportGroups, "reportGroups");
            this.reportGroups = reportGroups::get;
            return this;
        }

        public Builder images(ImageInspector images) {
            Objects.requireNonNull(images, "images");
            this.images = () -> images;
            return this;
        }

        public Builder imagesFrom(Supplier<? extends ImageInspector> images) {
            Objects.requireNonNull(images, "images");
            this.images = images::get;
            return this;
        }

        public Builder webhookSecret(WebhookSecret webhookSecret) {
            Objects.requireNonNull(webhookSecret, "webhookSecret");
            this.webhookSecret = () -> webhookSecret;
            return this;
        }

        public Builder webhookSecretFrom(Supplier<? extends WebhookSecret> webhookSecret) {
            Objects.requireNonNull(webhookSecret, "webhookSecret");
            this.webhookSecret = webhookSecret::get;
            return this;
        }

        public Builder linkSigner(LinkSigner linkSigner) {
            Objects.requireNonNull(linkSigner, "linkSigner");
            this.linkSigner = () -> linkSigner;
            return this;
        }

        public Builder linkSignerFrom(Supplier<? extends LinkSigner> linkSigner) {
            Objects.requireNonNull(linkSigner, "linkSigner");
            this.linkSigner = linkSigner::get;
            return this;
        }

        public Builder approvalLinks(ApprovalLinks approvalLinks) {
            Objects.requireNonNull(approvalLinks, "approvalLinks");
            this.approvalLinks = () -> approvalLinks;
            return this;
        }

        public Builder approvalLinksFrom(Supplier<? extends ApprovalLinks> approvalLinks) {
            Objects.requireNonNull(approvalLinks, "approvalLinks");
            this.approvalLinks = approvalLinks::get;
            return this;
        }

        public Builder settings(Settings settings) {
            Objects.requireNonNull(settings, "settings");
            this.settings = () -> settings;
            return this;
        }

        public Builder settingsFrom(Supplier<? extends Settings> settings) {
            Objects.requireNonNull(settings, "settings");
            this.settings = settings::get;
            return this;
        }

        public Builder githubFrom(Supplier<? extends GitHubClient> github) {
            Objects.requireNonNull(github, "github");
            this.github = github::get;
            return this;
        }

        public Builder github(GitHubClient github) {
            Objects.requireNonNull(github, "github");
            return githubFrom(() -> github);
        }

        public Builder chatFrom(Supplier<? extends ChatNotifier> chat) {
            Objects.requireNonNull(chat, "chat");
            this.chat = chat::get;
            return this;
        }

        public Builder chat(ChatNotifier chat) {
            Objects.requireNonNull(chat, "chat");
            return chatFrom(() -> chat);
        }

        public Builder runLinksFrom(Supplier<? extends RunLinks> runLinks) {
            Objects.requireNonNull(runLinks, "runLinks");
            this.runLinks = runLinks::get;
            return this;
        }

        public Builder alarmsFrom(Supplier<? extends Alarms> alarms) {
            Objects.requireNonNull(alarms, "alarms");
            this.alarms = alarms::get;
            return this;
        }

        public Builder alarms(Alarms alarms) {
            Objects.requireNonNull(alarms, "alarms");
            return alarmsFrom(() -> alarms);
        }

        public GivenPorts build() {
            return new GivenPorts(this);
        }
    }
}
