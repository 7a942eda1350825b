package dev.serverlesscd.infra;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.serverlesscd.functions.approval.ApprovalConfig;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.deploy.DeployConfig;
import dev.serverlesscd.functions.deploy.HealthEndpoints;
import dev.serverlesscd.functions.gate.GateConfig;
import dev.serverlesscd.functions.github.GitHubStatusConfig;
import dev.serverlesscd.functions.lambda.ApprovalHandler;
import dev.serverlesscd.functions.lambda.ApprovalRequestHandler;
import dev.serverlesscd.functions.lambda.BakeCheckHandler;
import dev.serverlesscd.functions.lambda.DeployHandler;
import dev.serverlesscd.functions.lambda.GateHandler;
import dev.serverlesscd.functions.lambda.NotifyHandler;
import dev.serverlesscd.functions.lambda.RolloutStatusHandler;
import dev.serverlesscd.functions.lambda.RunRecorderHandler;
import dev.serverlesscd.functions.lambda.RunRequestHandler;
import dev.serverlesscd.functions.lambda.ScheduleHandler;
import dev.serverlesscd.functions.lambda.WebhookHandler;
import dev.serverlesscd.functions.notify.NotifyConfig;
import dev.serverlesscd.functions.webhook.WebhookConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The contract between the stack and the functions: what each function's ports read (wiring.AwsPorts: the table, the
 * state machine, the configuration records), built from exactly the environment the template gives that function,
 * starts. A variable renamed on one side fails here, not at a
 * cold start in an account. Values that are CloudFormation references stand in as placeholder strings.
 */
@Tag("unit")
class FunctionEnvironmentTest {
    private static Template template;

    @BeforeAll
    static void synthesize() {
        template = StackFixture.template();
    }

    @Test
    void webhook_startsWithItsTemplateEnvironment() {
        assertStarts(WebhookHandler.class, env -> {
            env.require("TABLE_NAME");
            env.require("STATE_MACHINE_ARN");
            WebhookConfig.fromEnv(env);
            PipelineConfigLoader.fromEnv(env);
        });
    }

    @Test
    void triggers_runRequestAndSchedule_startWithTheirTemplateEnvironment() {
        for (Class<?> handler : List.of(RunRequestHandler.class, ScheduleHandler.class)) {
            assertStarts(handler, env -> {
                env.require("TABLE_NAME");
                env.require("STATE_MACHINE_ARN");
                PipelineConfigLoader.fromEnv(env);
            });
        }
    }

    @Test
    void gate_startsWithItsTemplateEnvironment() {
        assertStarts(GateHandler.class, env -> {
            GateConfig.from(env);
            PipelineConfigLoader.fromEnv(env);
            GitHubStatusConfig.from(env);
        });
    }

    @Test
    void runRecorder_startsWithItsTemplateEnvironment() {
        assertStarts(RunRecorderHandler.class, env -> {
            env.require("TABLE_NAME");
            GitHubStatusConfig.from(env);
            // publishing a run's end: the configuration, the reports, the chat secrets' prefix
            PipelineConfigLoader.fromEnv(env);
            env.require("REPORTS_BUCKET");
            assertThat(env.require("CHAT_SECRET_PREFIX")).endsWith("/chat/");
        });
    }

    @Test
    void approvalFunctions_startWithTheirTemplateEnvironment() {
        assertStarts(ApprovalRequestHandler.class, env -> {
            ApprovalConfig.from(env, id -> "a-signing-key-of-32-bytes-or-more!!");
            NotifyConfig.from(env);
        });
        assertStarts(ApprovalHandler.class, env -> ApprovalConfig.from(env, id -> "a-signing-key-of-32-bytes-or-more!!"));
    }

    @Test
    void deployFunctions_startWithTheirTemplateEnvironment() {
        assertStarts(DeployHandler.class, env -> {
            DeployConfig.from(env);
            GitHubStatusConfig.from(env);
        });
        assertStarts(RolloutStatusHandler.class, env -> {
            DeployConfig.from(env);
            GitHubStatusConfig.from(env);
        });
    }

    @Test
    void bakeCheck_startsWithItsTemplateEnvironment() {
        // it reads the optional base URLs of the probes' paths only
        assertStarts(BakeCheckHandler.class, env -> HealthEndpoints.parse(env.optional(HealthEndpoints.VARIABLE).orElse(null)));
    }

    @Test
    void notify_startsWithItsTemplateEnvironment() {
        assertStarts(NotifyHandler.class, NotifyConfig::from);
    }

    private static void assertStarts(Class<?> handler, Consumer<Env> configuration) {
        Map<String, String> environment = environmentOf(handler.getName() + "::handleRequest");
        assertThatCode(() -> configuration.accept(new Env(environment)))
                .as("%s with the template's environment %s", handler.getSimpleName(), environment.keySet())
                .doesNotThrowAnyException();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environmentOf(String handler) {
        Map<String, Map<String, Object>> functions = template.findResources("AWS::Lambda::Function",
                Map.of("Properties", Map.of("Handler", handler)));
        if (functions.size() != 1) {
            throw new AssertionError("expected one function with handler " + handler + ", found " + functions.size());
        }
        Map<String, Object> properties = (Map<String, Object>) functions.values().iterator().next().get("Properties");
        Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) properties
                .getOrDefault("Environment", Map.of())).getOrDefault("Variables", Map.of());
        Map<String, String> environment = new HashMap<>();
        variables.forEach((name, value) -> environment.put(name, value instanceof String text ? text
                : "https://placeholder.example/" + name.toLowerCase()));
        return environment;
    }
}
