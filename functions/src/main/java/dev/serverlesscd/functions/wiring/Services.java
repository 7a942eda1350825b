package dev.serverlesscd.functions.wiring;

import dev.serverlesscd.functions.approval.ApprovalAnnouncer;
import dev.serverlesscd.functions.approval.ApprovalRequester;
import dev.serverlesscd.functions.approval.ApprovalService;
import dev.serverlesscd.functions.approval.ApprovalSupersession;
import dev.serverlesscd.functions.bake.BakeService;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.deploy.ArtifactManifestSource;
import dev.serverlesscd.functions.deploy.DeployService;
import dev.serverlesscd.functions.deploy.ManifestSource;
import dev.serverlesscd.functions.deploy.ReleaseRevisions;
import dev.serverlesscd.functions.gate.GateService;
import dev.serverlesscd.functions.metrics.MetricsService;
import dev.serverlesscd.functions.notify.Notifier;
import dev.serverlesscd.functions.notify.NotifyConfig;
import dev.serverlesscd.functions.publish.RunPublisher;
import dev.serverlesscd.functions.pages.BuildLogLinks;
import dev.serverlesscd.functions.pages.PagesService;
import dev.serverlesscd.functions.run.RunRecorder;
import dev.serverlesscd.functions.webhook.RequestedRuns;
import dev.serverlesscd.functions.webhook.RunLauncher;
import dev.serverlesscd.functions.webhook.WebhookConfig;
import dev.serverlesscd.functions.webhook.WebhookSecret;
import dev.serverlesscd.functions.webhook.WebhookService;
import dev.serverlesscd.functions.workflow.ExecutionStarter;

/**
 * The one place the services are built from the {@link Ports}: the Lambda handlers (on {@link AwsPorts}) and the
 * local runtime (on its local ports) get the same services, wired the same way.
 */
public final class Services {

    private Services() {
    }

    /** The webhook: verified, routed, recorded once per delivery, started; pending approvals a push supersedes end. */
    public static WebhookService webhook(Ports ports) {
        // configuration first, so a function missing some fails on it before any client is built
        WebhookSecret secret = ports.webhookSecret();
        ExecutionStarter starter = ports.executions();
        PipelineConfig config = ports.pipelineConfig();
        RunLauncher launcher = launcher(ports, starter);
        return new WebhookService(secret, config, launcher, ports.clock(),
                WebhookConfig.MAX_BODY_BYTES);
    }

    /**
     * Manual and scheduled runs ({@code POST /runs}, a schedule's target): routed, recorded once per request or fire
     * time and started through the webhook's launcher, as deliveries are.
     */
    public static RequestedRuns requestedRuns(Ports ports) {
        ExecutionStarter starter = ports.executions();
        PipelineConfig config = ports.pipelineConfig();
        RunLauncher launcher = launcher(ports, starter);
        return new RequestedRuns(config, launcher, ports.runs(), ports.branchRuns(), ports.clock());
    }

    /** The one launcher of runs, behind the webhook and the requested runs alike. */
    private static RunLauncher launcher(Ports ports, ExecutionStarter starter) {
        return new RunLauncher(ports.runs(), ports.deliveries(), ports.branchRuns(),
                new ApprovalSupersession(ports.approvals(), ports.callbacks()), starter, ports.clock(),
                WebhookConfig.IN_FLIGHT_WAIT);
    }

    /** The approval pages' decisions. */
    public static ApprovalService approvals(Ports ports) {
        return new ApprovalService(ports.approvals(), ports.callbacks(), ports.linkSigner());
    }

    /** The RequestApproval task. */
    public static ApprovalRequester approvalRequester(Ports ports) {
        return ApprovalRequester.builder()
                .store(ports.approvals())
                .mailer(ports.mailer())
                .links(ports.approvalLinks())
                .sender(ports.settings().senderEmail())
                .timeout(ports.settings().approvalTimeout())
                .supersession(ports.supersession())
                .callbacks(ports.callbacks())
                .announcer(announcing(ports))
                .build();
    }

    /** Chat's {@code approval-waiting}, by the run publisher, built at the first approval. */
    private static ApprovalAnnouncer announcing(Ports ports) {
        Once<RunPublisher> publisher = new Once<>(() -> runPublisher(ports));
        return (approval, asked) -> publisher.get().approvalWaiting(approval, asked);
    }

    /** One check of a bake period: the probe on its own 5 s timeout, each check's requests within 60 s. */
    public static BakeService bake(Ports ports) {
        return new BakeService(ports.alarms(), ports.probe(), ports.healthEndpoints(), System::nanoTime,
                java.time.Duration.ofSeconds(60));
    }

    /** Deploy, rollback, restore, record, rollout and health. */
    public static DeployService deploy(Ports ports) {
        ReleaseRevisions releases = ports.releases();
        return DeployService.builder()
                .cluster(ports.cluster())
                .history(ports.deployments())
                // without revisions to record them in, manifests are not looked for: every deploy sets the image
                .manifests(releases == null ? ManifestSource.NONE : new ArtifactManifestSource(ports::reports))
                .revisions(releases)
                .healthEndpoints(ports.healthEndpoints())
                .probe(ports.probe())
                .supersession(ports.supersession())
                .locks(ports.locks())
                .statuses(ports.statuses())
                .clock(ports.clock())
                .build();
    }

    /** The gates, judged by the pipeline configuration's tiers. */
    public static GateService gate(Ports ports) {
        return GateService.builder(ports.reports(), ports.runs(), ports.clock(), ports.pipelineConfig().tiers())
                .baselines(ports.baselines())
                .images(ports.images())
                .reportGroups(ports.reportGroups())
                .statuses(ports.statuses())
                .build();
    }

    /** RecordStart and RecordOutcome: a SUCCEEDED run promotes its baseline candidates; its locks are released. */
    public static RunRecorder runRecorder(Ports ports) {
        return RunRecorder.builder()
                .store(ports.runs())
                .clock(ports.clock())
                .statuses(ports.statuses())
                .onSuccess((run, at) -> ports.baselines().promote(run.repository(), run.runId(), at))
                .locks(ports.locks())
                .onFinish(publishing(ports))
                .build();
    }

    /** What a run publishes at its end: the pull request's comment, the release, code scanning, chat. */
    public static RunPublisher runPublisher(Ports ports) {
        return new RunPublisher(ports.github(), ports.chat(), ports.pipelineConfig(), ports.baselines(),
                ports.reports(), ports.runLinks());
    }

    /** The run publisher, built at the first run's end (so a recorder that only starts runs needs none of its ports). */
    private static RunRecorder.FinishHook publishing(Ports ports) {
        Once<RunPublisher> publisher = new Once<>(() -> runPublisher(ports));
        return (run, status, summary, at) -> publisher.get().published(run, status, summary, at);
    }

    /** The run pages, their JSON API and the badges; build logs linked by {@code logs}. */
    public static PagesService pages(Ports ports, BuildLogLinks logs) {
        return new PagesService(ports.runs(), ports.deployments(), ports.approvals(), ports.pipelineConfig(), logs,
                ports.clock());
    }

    /** The metrics, as {@code pipeline metrics} prints them and the metrics page shows them. */
    public static MetricsService metrics(Ports ports) {
        return new MetricsService(ports.runs(), ports.deployments(), ports.approvals(), ports.pipelineConfig());
    }

    /** The run's outcome by mail. */
    public static Notifier notifier(Ports ports) {
        return new Notifier(ports.mailer(),
                new NotifyConfig(ports.settings().senderEmail(), ports.settings().notifyEmails()));
    }
}
