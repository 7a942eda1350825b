package dev.serverlesscd.infra;

import dev.serverlesscd.infra.config.InfraConfig;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

import java.nio.file.Path;
import java.util.Map;

/**
 * The stack, synthesized once for every test class in the JVM (jsii is slow to start): the shipped example
 * configuration, the functions jar packaged earlier in the same reactor, and statemachines/pipeline.asl.json.
 */
final class StackFixture {
    static final RepositoryLayout LAYOUT = RepositoryLayout.locate(Path.of(""));

    private static ServerlessCdStack stack;
    private static Template template;

    private StackFixture() {
    }

    static InfraConfig exampleConfig() {
        return InfraConfig.load(Map.of(InfraConfig.CONFIG_FILE_KEY, InfraConfig.DEFAULT_CONFIG_FILE)::get,
                LAYOUT.infraDir());
    }

    static java.nio.file.Path definition() {
        return LAYOUT.requireStateMachineDefinition();
    }

    static synchronized ServerlessCdStack stack() {
        if (stack == null) {
            stack = ServerlessCdApp.createStack(new App(), exampleConfig(), LAYOUT.requireFunctionsJar(), definition());
        }
        return stack;
    }

    static synchronized Template template() {
        if (template == null) {
            template = Template.fromStack(stack());
        }
        return template;
    }
}
