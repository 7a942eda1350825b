package dev.serverlesscd.local.pages;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The browser tests run on the system's Chromium and chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}; nothing is downloaded). Without them the tests are reported skipped, with this reason:
 * they never pass without a browser. {@code .ci/run} installs both.
 */
public final class ChromiumAvailable implements ExecutionCondition {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
        }
        return ConditionEvaluationResult.disabled("No browser: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing; "
                + "install them with `apt-get install -y chromium chromium-driver` (.ci/run does)");
    }
}
