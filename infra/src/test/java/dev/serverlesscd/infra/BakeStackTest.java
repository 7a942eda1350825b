package dev.serverlesscd.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.infra.config.InfraConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * A pipeline configuration whose bake periods name CloudWatch alarms: the BakeCheck function may describe exactly
 * those alarms (by ARN), once each, and nothing else of CloudWatch; the shipped configuration names none, so there
 * its role has no CloudWatch statement at all.
 */
@Tag("unit")
class BakeStackTest {
    @TempDir
    static Path dir;
    private static Template template;

    @BeforeAll
    static void synthesize() throws IOException {
        Path infra = StackFixture.LAYOUT.infraDir();
        Files.writeString(dir.resolve("deployment.yaml"), Files.readString(infra.resolve("config/deployment.yaml")));
        Files.writeString(dir.resolve("pipeline.yaml"), """
                repositories:
                  acme/orders-service:
                    environments:
                      staging:
                        namespace: orders-staging
                        deployment: orders
                        bake: {duration: 10m, alarms: [orders-staging-5xx], probe: {url: "https://orders.example.com/health"}}
                      production:
                        namespace: orders-production
                        deployment: orders
                        bake: {duration: 30m, interval: 1m, alarms: [orders-5xx, orders-p99]}
                  acme/payments:
                    environments:
                      production:
                        namespace: payments-production
                        deployment: payments
                        bake: {duration: 10m, alarms: [orders-5xx]}
                """);
        InfraConfig config = InfraConfig.load(Map.of(InfraConfig.CONFIG_FILE_KEY,
                dir.resolve("deployment.yaml").toString())::get, infra);
        template = Template.fromStack(ServerlessCdApp.createStack(new App(), config,
                StackFixture.LAYOUT.requireFunctionsJar(), StackFixture.definition()));
    }

    @Test
    void bakeCheckRole_mayDescribeTheConfiguredAlarmsOnly_byTheirArns() {
        List<Object> resources = cloudWatchStatements(template).stream()
                .flatMap(statement -> {
                    assertThat(statement.get("Action")).isEqualTo("cloudwatch:DescribeAlarms");
                    Object resource = statement.get("Resource");
                    return resource instanceof List<?> list ? list.stream().map(Object.class::cast) : java.util.stream.Stream.of(resource);
                }).toList();

        assertThat(resources).hasSize(3);
        assertThat(resources.stream().map(Object::toString)).allSatisfy(arn -> assertThat(arn)
                .contains(":cloudwatch:", ":alarm:"))
                .anySatisfy(arn -> assertThat(arn).contains(":alarm:orders-staging-5xx"))
                .anySatisfy(arn -> assertThat(arn).contains(":alarm:orders-5xx"))
                .anySatisfy(arn -> assertThat(arn).contains(":alarm:orders-p99"));
    }

    @Test
    void theShippedConfiguration_namesNoAlarm_soNoRoleReadsCloudWatchAlarms() {
        assertThat(cloudWatchStatements(StackFixture.template())).isEmpty();
        StackFixture.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.serverlesscd.functions.lambda.BakeCheckHandler::handleRequest",
                "Timeout", 90));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cloudWatchStatements(Template template) {
        List<Map<String, Object>> found = new ArrayList<>();
        template.findResources("AWS::IAM::Policy").forEach((id, policy) -> {
            Map<String, Object> document = (Map<String, Object>) ((Map<String, Object>) policy.get("Properties"))
                    .get("PolicyDocument");
            for (Object s : (List<Object>) document.get("Statement")) {
                Map<String, Object> statement = (Map<String, Object>) s;
                if (String.valueOf(statement.get("Action")).contains("cloudwatch:")) {
                    assertThat(id).startsWith("BakeCheckRole");
                    found.add(statement);
                }
            }
        });
        return found;
    }
}
