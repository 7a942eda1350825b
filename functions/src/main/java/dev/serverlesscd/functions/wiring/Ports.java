package dev.serverlesscd.functions.wiring;

import dev.serverlesscd.functions.approval.ApprovalLinks;
import dev.serverlesscd.functions.bake.Alarms;
import dev.serverlesscd.functions.chat.ChatNotifier;
import dev.serverlesscd.functions.github.GitHubClient;
import dev.serverlesscd.functions.github.OffGitHubClient;
import dev.serverlesscd.functions.github.RunLinks;
import dev.serverlesscd.functions.approval.ApprovalStore;
import dev.serverlesscd.functions.approval.LinkSigner;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.deploy.Cluster;
import dev.serverlesscd.functions.deploy.DeploymentHistory;
import dev.serverlesscd.functions.deploy.EnvironmentLocks;
import dev.serverlesscd.functions.deploy.HealthEndpoints;
import dev.serverlesscd.functions.deploy.HttpProbe;
import dev.serverlesscd.functions.deploy.ReleaseRevisions;
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

/**
 * Everything the services talk to the world through, for one deployment of the system: {@link AwsPorts} builds them
 * from a Lambda's environment, the local runtime builds them on DynamoDB Local, its own Step Functions API, the mail
 * outbox and the embedded cluster. Each is built at most once per container, when first asked for, so a function
 * builds (and fails fast on the configuration of) only what it uses. {@link Services} turns them into the services.
 */
public interface Ports {

    Clock clock();

    /** Repositories, tiers and environments: the pipeline configuration. */
    PipelineConfig pipelineConfig();

    RunStore runs();

    DeliveryLedger deliveries();

    BranchRuns branchRuns();

    /** Supersession of branch runs: the run records and the branch items. */
    Supersession supersession();

    DeploymentHistory deployments();

    EnvironmentLocks locks();

    /** The release revisions; null where none is wired (a deploy that finds manifests is then refused). */
    ReleaseRevisions releases();

    Baselines baselines();

    ApprovalStore approvals();

    ExecutionStarter executions();

    TaskCallbacks callbacks();

    Mailer mailer();

    /** Commit statuses (GitHub, or logged as off) as the pipeline posts them. */
    StageStatuses statuses();

    Cluster cluster();

    HealthEndpoints healthEndpoints();

    HttpProbe probe();

    ReportSource reports();

    ReportGroups reportGroups();

    ImageInspector images();

    WebhookSecret webhookSecret();

    LinkSigner linkSigner();

    ApprovalLinks approvalLinks();

    Settings settings();

    /** Everything else the pipeline tells GitHub: the pull request's comment, releases, code scanning. */
    default GitHubClient github() {
        return new OffGitHubClient("no GitHub client is wired here");
    }

    /** Chat channels' webhooks. */
    default ChatNotifier chat() {
        return ChatNotifier.NONE;
    }

    /** The alarms a bake period watches (CloudWatch on AWS); none exist where none are wired. */
    default Alarms alarms() {
        return names -> java.util.List.of();
    }

    /** The link to a run's page (the pull request's comment, chat). */
    default RunLinks runLinks() {
        return RunLinks.none();
    }
}
