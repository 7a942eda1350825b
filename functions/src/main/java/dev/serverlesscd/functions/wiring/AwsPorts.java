package dev.serverlesscd.functions.wiring;

import dev.serverlesscd.functions.approval.ApprovalConfig;
import dev.serverlesscd.functions.approval.DynamoDbApprovalStore;
import dev.serverlesscd.functions.bake.CloudWatchAlarms;
import dev.serverlesscd.functions.chat.ChatUrls;
import dev.serverlesscd.functions.chat.WebhookChatNotifier;
import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.EnvironmentVariables;
import dev.serverlesscd.functions.common.SecretsManagerSecrets;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.deploy.ClusterConnection;
import dev.serverlesscd.functions.deploy.DynamoDbDeploymentHistory;
import dev.serverlesscd.functions.deploy.DynamoDbReleaseRevisions;
import dev.serverlesscd.functions.deploy.DynamoDbEnvironmentLocks;
import dev.serverlesscd.functions.deploy.HealthEndpoints;
import dev.serverlesscd.functions.deploy.JdkHttpProbe;
import dev.serverlesscd.functions.deploy.KubernetesClients;
import dev.serverlesscd.functions.deploy.KubernetesCluster;
import dev.serverlesscd.functions.gate.DynamoDbBaselines;
import dev.serverlesscd.functions.gate.GateConfig;
import dev.serverlesscd.functions.github.GitHubClients;
import dev.serverlesscd.functions.github.GitHubStatusConfig;
import dev.serverlesscd.functions.github.Sleeper;
import dev.serverlesscd.functions.mail.Mailers;
import dev.serverlesscd.functions.notify.NotifyConfig;
import dev.serverlesscd.functions.run.BranchRuns;
import dev.serverlesscd.functions.run.BranchSupersession;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.run.RunStore;
import dev.serverlesscd.functions.run.StageStatuses;
import dev.serverlesscd.functions.webhook.DeliveryLedger;
import dev.serverlesscd.functions.webhook.WebhookConfig;
import dev.serverlesscd.functions.workflow.SfnExecutionStarter;
import dev.serverlesscd.functions.workflow.SfnTaskCallbacks;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The ports on AWS, from a Lambda function's environment (docs/deploy.md lists the variables): DynamoDB on
 * {@code TABLE_NAME}, Step Functions, SES (or the outbox when {@code MAIL_OUTBOX_DIR} is set), GitHub, EKS, S3, ECR
 * and CodeBuild, each client built once per container ({@link AwsClients}). A port is built when first asked for
 * (and kept); a variable it needs that is missing fails with its name, read before any client is built.
 * {@link #container()} is the one set of ports a container uses.
 */
public final class AwsPorts {
    private static final Once<Ports> CONTAINER = new Once<>(() -> create(Env.system(), Clock.systemUTC()));

    private AwsPorts() {
    }

    /** The ports of this container: the system's environment and clock, built once. */
    public static Ports container() {
        return CONTAINER.get();
    }

    /** The ports that {@code env} configures, on {@code clock}. */
    public static Ports create(Env env, Clock clock) {
        Once<String> table = new Once<>(() -> env.require(EnvironmentVariables.TABLE_NAME));
        Once<GateConfig> gate = new Once<>(() -> GateConfig.from(env));
        Once<ApprovalConfig> approval = new Once<>(() -> ApprovalConfig.from(env, SecretsManagerSecrets::read));
        Once<RunStore> runs = onTable(table, DynamoDbRunStore::new);
        Once<BranchRuns> branchRuns = onTable(table, (dynamo, name) -> new BranchRuns(dynamo, name,
                WebhookConfig.RETENTION));
        return GivenPorts.builder()
                .clock(clock)
                .pipelineConfigFrom(() -> PipelineConfigLoader.fromEnv(env))
                .runsFrom(runs)
                .deliveriesFrom(onTable(table, (dynamo, name) -> new DeliveryLedger(dynamo, name,
                        WebhookConfig.START_LEASE, WebhookConfig.RETENTION)))
                .branchRunsFrom(branchRuns)
                .supersessionFrom(() -> new BranchSupersession(runs.get(), branchRuns.get()))
                .deploymentsFrom(onTable(table, DynamoDbDeploymentHistory::new))
                .releasesFrom(onTable(table, DynamoDbReleaseRevisions::new))
                .locksFrom(onTable(table, DynamoDbEnvironmentLocks::new))
                .baselinesFrom(onTable(table, DynamoDbBaselines::new))
                .approvalsFrom(onTable(table, DynamoDbApprovalStore::new))
                .executionsFrom(() -> {
                    String stateMachineArn = env.require(EnvironmentVariables.STATE_MACHINE_ARN);
                    return new SfnExecutionStarter(AwsClients.stepFunctions(), stateMachineArn);
                })
                .callbacksFrom(() -> new SfnTaskCallbacks(AwsClients.stepFunctions()))
                .mailerFrom(() -> Mailers.from(env, clock))
                .statusesFrom(() -> StageStatuses.fromEnv(env))
                .clusterFrom(() -> new KubernetesCluster(KubernetesClients.connect(ClusterConnection.from(env))))
                .healthEndpointsFrom(() -> HealthEndpoints.parse(env.optional(HealthEndpoints.VARIABLE).orElse(null)))
                .probe(new JdkHttpProbe(Duration.ofSeconds(5)))
                .reportsFrom(() -> gate.get().reportSource())
                .reportGroupsFrom(() -> gate.get().reportGroups())
                .imagesFrom(() -> gate.get().imageInspector())
                .webhookSecretFrom(() -> WebhookConfig.fromEnv(env).secret(clock))
                .linkSignerFrom(() -> approval.get().signer())
                .approvalLinksFrom(() -> approval.get().links())
                .settingsFrom(() -> new Settings(env.require(EnvironmentVariables.SENDER_EMAIL), ApprovalConfig.timeout(env),
                        NotifyConfig.from(env).notifyEmails()))
                .githubFrom(() -> GitHubClients.fromEnv(env))
                .chatFrom(() -> new WebhookChatNotifier(ChatUrls.secretsManager(
                        env.optional(EnvironmentVariables.CHAT_SECRET_PREFIX).orElse(ChatUrls.DEFAULT_SECRET_PREFIX),
                        SecretsManagerSecrets::read), WebhookChatNotifier.defaultHttpClient(), Sleeper.THREAD))
                .runLinksFrom(() -> GitHubStatusConfig.from(env).runLinks())
                .alarmsFrom(() -> new CloudWatchAlarms(AwsClients.cloudWatch()))
                .build();
    }

    /** A store on the table: the table's name is read (and a missing one named) before any client is built. */
    private static <T> Once<T> onTable(Once<String> table, BiFunction<DynamoDbClient, String, T> store) {
        return new Once<>(() -> {
            String name = table.get();
            return store.apply(AwsClients.dynamoDb(), name);
        });
    }
}
