package dev.serverlesscd.localstack;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Runs a LocalStack test only where Testcontainers finds a Docker engine; elsewhere (a machine with the
 * {@code docker} client only) the test is reported skipped with the reason, never passed: in the Surefire XML
 * report ({@code <skipped message=...>}) and, once per class, on the console. Testcontainers' own
 * {@code @Testcontainers(disabledWithoutDocker = true)} does the same with a reason that does not say what the
 * tests need.
 */
public final class NeedsDockerEngine implements ExecutionCondition {
    static final String REASON = "no Docker engine: LocalStack tests need one";
    private static final Logger LOG = LoggerFactory.getLogger(NeedsDockerEngine.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return ConditionEvaluationResult.enabled("a Docker engine is available");
        }
        if (context.getTestMethod().isEmpty()) {
            LOG.warn("{} skipped: {}", context.getDisplayName(), REASON);
        }
        return ConditionEvaluationResult.disabled(REASON);
    }
}
