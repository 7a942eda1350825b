package dev.serverlesscd.infra;

import dev.serverlesscd.infra.config.ConfigException;
import dev.serverlesscd.infra.config.InfraConfig;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: {@code cd infra && npm ci && npx cdk synth}. Configuration comes from cdk.json context and the files
 * it names, validated before any resource is built; cdk-nag's AwsSolutions pack checks every synth.
 */
public final class ServerlessCdApp {

    private ServerlessCdApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            RepositoryLayout layout = RepositoryLayout.fromContextOrWorkingDirectory(
                    app.getNode().tryGetContext(RepositoryLayout.REPO_ROOT_KEY));
            InfraConfig config = InfraConfig.load(key -> app.getNode().tryGetContext(key), layout.infraDir());
            createStack(app, config, layout);
        } catch (ConfigException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
        app.synth();
    }

    /** The stack from the repository's own jar and state machine file. */
    public static ServerlessCdStack createStack(App app, InfraConfig config, RepositoryLayout layout) {
        return createStack(app, config, layout.requireFunctionsJar(), layout.requireStateMachineDefinition());
    }

    /** The stack, with cdk-nag's AwsSolutions checks applied to the app, as every synth and test runs it. */
    public static ServerlessCdStack createStack(App app, InfraConfig config, Path functionsJar,
                                                Path stateMachineDefinition) {
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        StackProps.Builder props = StackProps.builder()
                .stackName(config.stackName())
                .description("serverless-cd: webhook, pipeline state machine, builds, approvals and EKS deploys");
        if (config.account() != null) {
            props.env(Environment.builder().account(config.account()).region(config.region()).build());
        }
        return new ServerlessCdStack(app, config.stackName(), new ServerlessCdStack.Props(
                config, functionsJar, stateMachineDefinition, props.build()));
    }
}
