package dev.serverlesscd.local.runtime;

import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.approval.ApprovalLinks;
import dev.serverlesscd.functions.chat.ChatUrls;
import dev.serverlesscd.functions.chat.OutboxChatNotifier;
import dev.serverlesscd.functions.chat.WebhookChatNotifier;
import dev.serverlesscd.functions.approval.DynamoDbApprovalStore;
import dev.serverlesscd.functions.approval.LinkSigner;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.deploy.DynamoDbDeploymentHistory;
import dev.serverlesscd.functions.deploy.DynamoDbReleaseRevisions;
import dev.serverlesscd.functions.deploy.DynamoDbEnvironmentLocks;
import dev.serverlesscd.functions.deploy.HealthEndpoints;
import dev.serverlesscd.functions.deploy.JdkHttpProbe;
import dev.serverlesscd.functions.bake.InMemoryAlarms;
import dev.serverlesscd.functions.deploy.KubernetesCluster;
import dev.serverlesscd.functions.gate.DynamoDbBaselines;
import dev.serverlesscd.functions.gate.ImageInspector;
import dev.serverlesscd.functions.github.FileGitHubClient;
import dev.serverlesscd.functions.github.GitCliHistory;
import dev.serverlesscd.functions.github.GitHubStatusConfig;
import dev.serverlesscd.functions.github.Sleeper;
import dev.serverlesscd.functions.mail.OutboxMailer;
import dev.serverlesscd.functions.reports.LocalReportSource;
import dev.serverlesscd.functions.reports.ReportGroups;
import dev.serverlesscd.functions.run.BranchRuns;
import dev.serverlesscd.functions.run.BranchSupersession;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.run.StageStatuses;
import dev.serverlesscd.functions.webhook.DeliveryLedger;
import dev.serverlesscd.functions.webhook.StaticWebhookSecret;
import dev.serverlesscd.functions.webhook.WebhookConfig;
import dev.serverlesscd.functions.wiring.GivenPorts;
import dev.serverlesscd.functions.wiring.Ports;
import dev.serverlesscd.functions.wiring.Settings;
import dev.serverlesscd.functions.workflow.SfnExecutionStarter;
import dev.serverlesscd.functions.workflow.SfnTaskCallbacks;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The ports of the local runtime, the counterpart of {@code AwsPorts}: the same DynamoDB and Step Functions adapters
 * on DynamoDB Local and the local Step Functions API, the mail outbox, the cluster of a kubeconfig context or the
 * embedded one, the reports the local builds wrote, no registry and no report groups. Commit statuses post for real
 * when {@code GITHUB_TOKEN} is set ({@code GITHUB_API_URL}, {@code RUN_LINK_BASE_URL} as on AWS); else they are
 * logged as off.
 */
public final class LocalPorts {

    /** What the local ports are built on. */
    public record Parts(DynamoDbClient dynamo, String table, SfnClient stepFunctions, String stateMachineArn,
                        KubernetesClient kubernetes, Path workspace, PipelineConfig config, String webhookSecret,
                        byte[] linkSigningKey, String approvalsUrl, Consumer<String> console,
                        StageStatuses statuses) {
    }

    private LocalPorts() {
    }

    public static Ports create(Parts parts) {
        return create(parts, Map.of());
    }

    /**
     * The local ports, with {@code sources} (clone URL to local directory) as the repositories' history: what would go
     * to GitHub is written under {@code <workspace>/github/} and reads tags and commits from the clone
     * ({@link FileGitHubClient}); chat under {@code <workspace>/chat/}, and sent when a channel's URL is in the
     * environment ({@code CHAT_WEBHOOK_<NAME>}) or in {@code <workspace>/secrets/chat/<name>}.
     */
    public static Ports create(Parts parts, Map<String, Path> sources) {
        Clock clock = Clock.systemUTC();
        DynamoDbRunStore runs = new DynamoDbRunStore(parts.dynamo(), parts.table());
        BranchRuns branchRuns = new BranchRuns(parts.dynamo(), parts.table(), WebhookConfig.RETENTION);
        LinkSigner signer = new LinkSigner(parts.linkSigningKey());
        return GivenPorts.builder()
                .clock(clock)
                .pipelineConfig(parts.config())
                .runs(runs)
                .deliveries(new DeliveryLedger(parts.dynamo(), parts.table(), WebhookConfig.START_LEASE,
                        WebhookConfig.RETENTION))
                .branchRuns(branchRuns)
                .supersession(new BranchSupersession(runs, branchRuns))
                .deployments(new DynamoDbDeploymentHistory(parts.dynamo(), parts.table()))
                .releasesFrom(() -> new DynamoDbReleaseRevisions(parts.dynamo(), parts.table()))
                .locks(new DynamoDbEnvironmentLocks(parts.dynamo(), parts.table()))
                .baselines(new DynamoDbBaselines(parts.dynamo(), parts.table()))
                .approvals(new DynamoDbApprovalStore(parts.dynamo(), parts.table()))
                .executions(new SfnExecutionStarter(parts.stepFunctions(), parts.stateMachineArn()))
                .callbacks(new SfnTaskCallbacks(parts.stepFunctions()))
                .mailer(new OutboxMailer(parts.workspace().resolve("outbox"), clock, parts.console()))
                .statuses(parts.statuses())
                .cluster(new KubernetesCluster(parts.kubernetes()))
                .healthEndpoints(HealthEndpoints.none())
                .probe(new JdkHttpProbe(Duration.ofSeconds(5)))
                // no CloudWatch here: a bake's probe is its signal (probe.url), its alarms exist once set
                .alarms(new InMemoryAlarms())
                .reports(new LocalReportSource(parts.workspace()))
                .reportGroups(ReportGroups.NONE)
                .images(ImageInspector.LOCAL)
                .webhookSecret(new StaticWebhookSecret(parts.webhookSecret()))
                .linkSigner(signer)
                .approvalLinks(new ApprovalLinks(parts.approvalsUrl(), signer))
                .settings(Settings.local())
                .github(new FileGitHubClient(parts.workspace().resolve("github"),
                        new GitCliHistory(repository -> clone(sources, repository)), parts.console()))
                .chat(new OutboxChatNotifier(parts.workspace().resolve("chat"), chatUrls(parts),
                        new WebhookChatNotifier(chatUrls(parts), WebhookChatNotifier.defaultHttpClient(), Sleeper.THREAD),
                        clock, parts.console()))
                .runLinksFrom(() -> GitHubStatusConfig.from(Env.system()).runLinks())
                .build();
    }

    private static ChatUrls chatUrls(Parts parts) {
        return ChatUrls.local(Env.system(), parts.workspace().resolve("secrets").resolve("chat"));
    }

    /** The local clone of {@code owner/name}: the source whose clone URL ends with it ({@code .git} or not). */
    static Optional<Path> clone(Map<String, Path> sources, String repository) {
        String wanted = "/" + repository.toLowerCase(Locale.ROOT);
        return sources.entrySet().stream()
                .filter(e -> {
                    String url = e.getKey().toLowerCase(Locale.ROOT).replaceFirst("\\.git$", "").replaceFirst("/+$", "");
                    return url.endsWith(wanted) || url.endsWith(":" + repository.toLowerCase(Locale.ROOT));
                })
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
