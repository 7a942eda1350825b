package dev.serverlesscd.infra;

import dev.serverlesscd.functions.pages.SignInShell;
import dev.serverlesscd.infra.config.InfraConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * Every AWS resource of the pipeline, in one stack composed of a construct per subsystem, built in the order they
 * depend on each other: storage, check builds, the API, the task functions, the state machines, the functions behind
 * the API, the triggers (manual runs, schedules), operations. Each construct builds its resources in this stack's scope, not its own, so that every
 * resource keeps the construct path, and so the logical ID, it had before the stack was split (docs/architecture.md,
 * "The CDK app"): a construct decides what is built, not where its resources sit in the tree.
 */
public final class ServerlessCdStack extends Stack {

    /**
     * @param config                 the validated configuration
     * @param functionsJar           the shaded jar of every handler
     * @param stateMachineDefinition statemachines/pipeline.asl.json (the manual rollback's rollback.asl.json is read
     *                               from beside it)
     * @param stackProps             name, description and (optionally) the pinned environment
     */
    public record Props(InfraConfig config, Path functionsJar, Path stateMachineDefinition, StackProps stackProps) {

        /** statemachines/rollback.asl.json, the manual rollback: beside the pipeline's definition. */
        public Path rollbackDefinition() {
            return stateMachineDefinition.resolveSibling("rollback.asl.json");
        }
    }

    /** The Kubernetes group that k8s/deployer-rbac.yaml binds; the EKS access entry puts the deployer role in it. */
    public static final String DEPLOYER_GROUP = "serverless-cd-deployers";
    /**
     * The Trivy release the scan project installs (TRIVY_VERSION: buildspecs/scripts/install-trivy.sh of the
     * sample downloads it from Trivy's GitHub releases and checks it against the release's checksums file), since
     * CodeBuild's standard image has no Trivy. Raise it deliberately: a release is pinned, never "latest".
     */
    public static final String TRIVY_VERSION = "0.58.1";

    public ServerlessCdStack(Construct scope, String id, Props props) {
        super(scope, id, props.stackProps());
        InfraConfig config = props.config();
        RetentionDays retention = LogGroups.retention(config.logRetentionDays());
        Code code = Code.fromAsset(props.functionsJar().toString());
        // The state machine's name is fixed, so the functions can link to (and end tasks of) its executions
        // without referring to it: it refers to them.
        String pipelineName = config.stackName() + "-pipeline";

        Storage storage = new Storage(this, "Storage", new Storage.Props(config));
        CheckBuilds builds = new CheckBuilds(this, "CheckBuilds", new CheckBuilds.Props(
                config.pipeline().defaultRepository(), storage.reportsBucket(), storage.imageRepository(),
                storage.sourceCredential(), retention));
        PipelineApi api = new PipelineApi(this, "PipelineApi", new PipelineApi.Props(
                config.stackName(), config.apiRateLimit(), config.apiBurstLimit(), retention));
        TaskFunctions tasks = new TaskFunctions(this, "TaskFunctions", new TaskFunctions.Props(
                config, storage, builds, pipelineName, api.approvalsUrl(), code, retention));
        StateMachines stateMachines = new StateMachines(this, "StateMachines", new StateMachines.Props(
                config.stackName(), pipelineName, props.stateMachineDefinition(), props.rollbackDefinition(), tasks,
                builds, retention));
        ApiFunctions apiFunctions = new ApiFunctions(this, "ApiFunctions", new ApiFunctions.Props(
                storage, stateMachines.pipeline(), config.pipeline().yaml(), config.senderEmail(),
                api.approvalsUrl(), code, retention));
        api.serve(apiFunctions.webhook().alias(), apiFunctions.approval().alias());
        Triggers triggers = new Triggers(this, "Triggers", new Triggers.Props(config.stackName(), storage,
                stateMachines.pipeline(), config.pipeline().config(), config.pipeline().yaml(), api.httpApi(), code,
                retention));
        Pages pages = new Pages(this, "Pages", new Pages.Props(config, storage, api.httpApi(), code, retention));

        List<JavaFunction> functions = new ArrayList<>(tasks.all());
        functions.addAll(apiFunctions.all());
        functions.addAll(triggers.all());
        functions.add(pages.function());
        new Operations(this, "Operations", new Operations.Props(config.stackName(), storage.alarmTopic(),
                stateMachines.pipeline(), stateMachines.pipelineExecutionLogs(), stateMachines.rollback(),
                api.httpApi(), List.copyOf(functions), storage.asyncFailures()));
        outputs(storage, api, stateMachines, tasks);
        output("PagesUrl", api.httpApi().getApiEndpoint() + SignInShell.PREFIX + "/runs", "The run pages (they sign "
                + "you in; badges under /badges/ are public)");
        if (pages.userPool() != null) {
            output("PagesUserPoolId", pages.userPool().getUserPoolId(), "Add the people who may read the pages here");
            output("PagesClientId", pages.client().getUserPoolClientId(),
                    "App client of the pages (authorization code with PKCE)");
        }
    }

    private void outputs(Storage storage, PipelineApi api, StateMachines stateMachines, TaskFunctions tasks) {
        output("WebhookUrl", api.webhookUrl(), "Payload URL of the GitHub webhook (content type application/json)");
        output("ApprovalsUrl", api.approvalsUrl(), "Base URL of the approval pages");
        output("RunsUrl", api.httpApi().getApiEndpoint() + "/runs", "POST a manual run here, signed with SigV4 "
                + "(IAM: execute-api:Invoke on POST /runs): {repository, ref, commit?, tier?, idempotencyKey?}");
        output("WebhookSecretName", storage.webhookSecret().getSecretName(), "Secret to paste into the GitHub webhook");
        output("GitHubTokenSecretName", storage.githubTokenSecret().getSecretName(),
                "Put the commit-status token here");
        output("LinkSigningKeySecretName", storage.linkSigningKey().getSecretName(),
                "Signs approval links (generated)");
        output("SourceCredentialSecretName", storage.sourceCredential().getSecretName(),
                "Put the CodeBuild clone token here (JSON key Token)");
        output("ImageRepositoryUri", storage.imageRepository().getRepositoryUri(),
                "ECR repository of the built images");
        output("StateMachineArn", stateMachines.pipeline().getStateMachineArn(), "The pipeline state machine");
        output("RollbackStateMachineArn", stateMachines.rollback().getStateMachineArn(), "The manual rollback state "
                + "machine: start it with {environment, version, reason, requestedBy} (docs/architecture.md, Manual "
                + "rollback)");
        output("TableName", storage.table().getTableName(), "Runs, deployments and approvals");
        output("DeployerRoleArn", tasks.deployerRole().getRoleArn(),
                "Mapped to Kubernetes group " + DEPLOYER_GROUP + " by the EKS access entry");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }
}
