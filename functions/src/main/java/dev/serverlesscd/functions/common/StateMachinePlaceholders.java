package dev.serverlesscd.functions.common;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ${Name}} placeholders of the state machine definitions (statemachines/pipeline.asl.json and
 * rollback.asl.json): the CDK stack binds each to a function alias ARN or a CodeBuild project name with
 * definitionSubstitutions, the local runtime to its local bindings. Both read the names from here.
 */
public final class StateMachinePlaceholders {
    /** A {@code ${Name}} token. */
    public static final Pattern TOKEN = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");


    /** The RunRecorder function (the RecordStart and RecordOutcome tasks). */
    public static final String RUN_RECORDER_FUNCTION_ARN = "RunRecorderFunctionArn";

    /** The Gate function (the Gates task): judges the check builds' reports. */
    public static final String GATE_FUNCTION_ARN = "GateFunctionArn";

    /** The ApprovalRequest function: stores the task token and mails the approval links. */
    public static final String APPROVAL_REQUEST_FUNCTION_ARN = "ApprovalRequestFunctionArn";

    /** The Deploy function (Deploy, Rollback, RecordDeployment; the manual rollback's Restore and Record). */
    public static final String DEPLOY_FUNCTION_ARN = "DeployFunctionArn";

    /** The RolloutStatus function (CheckRollout, CheckRollback and HealthCheck). */
    public static final String ROLLOUT_STATUS_FUNCTION_ARN = "RolloutStatusFunctionArn";

    /** The BakeCheck function (CheckBake): one check of an environment's bake period. */
    public static final String BAKE_CHECK_FUNCTION_ARN = "BakeCheckFunctionArn";

    /** The Notify function: mails the run's outcome. */
    public static final String NOTIFY_FUNCTION_ARN = "NotifyFunctionArn";

    /** The CodeBuild project of the test stage. */
    public static final String TEST_PROJECT_NAME = "TestProjectName";

    /** The CodeBuild project of the scan stage. */
    public static final String SCAN_PROJECT_NAME = "ScanProjectName";

    /** The CodeBuild project of the lint stage. */
    public static final String LINT_PROJECT_NAME = "LintProjectName";

    /** The CodeBuild project of the benchmark stage. */
    public static final String BENCHMARK_PROJECT_NAME = "BenchmarkProjectName";

    /** The CodeBuild project that builds and pushes the image. */
    public static final String BUILD_PROJECT_NAME = "BuildProjectName";

    /** The CodeBuild project of the stages judged as none (after a deploy: the smoke test by default). */
    public static final String UNJUDGED_PROJECT_NAME = "UnjudgedProjectName";

    /** Every placeholder of pipeline.asl.json, in the order above. */
    public static final List<String> PIPELINE = List.of(RUN_RECORDER_FUNCTION_ARN, GATE_FUNCTION_ARN,
            APPROVAL_REQUEST_FUNCTION_ARN, DEPLOY_FUNCTION_ARN, ROLLOUT_STATUS_FUNCTION_ARN, NOTIFY_FUNCTION_ARN,
            BAKE_CHECK_FUNCTION_ARN, TEST_PROJECT_NAME, SCAN_PROJECT_NAME, LINT_PROJECT_NAME, BENCHMARK_PROJECT_NAME,
            BUILD_PROJECT_NAME, UNJUDGED_PROJECT_NAME);

    /** Every placeholder of rollback.asl.json (the manual rollback): the deploy functions and Notify, no builds. */
    public static final List<String> ROLLBACK = List.of(DEPLOY_FUNCTION_ARN, ROLLOUT_STATUS_FUNCTION_ARN,
            NOTIFY_FUNCTION_ARN);

    private StateMachinePlaceholders() {
    }

    /** The {@code ${Name}} tokens of a definition's text, as CDK's {@code definitionSubstitutions} binds them. */
    public static Set<String> in(String definition) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = TOKEN.matcher(definition);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /**
     * {@code definition} with every {@code ${Name}} replaced by its value, as CreateStateMachine's
     * {@code definitionSubstitutions} bind them.
     *
     * @throws IllegalArgumentException naming the placeholders without a value and the values without a placeholder
     */
    public static String bind(String definition, java.util.Map<String, String> values) {
        Set<String> unbound = new TreeSet<>(in(definition));
        unbound.removeAll(values.keySet());
        Set<String> unused = new TreeSet<>(values.keySet());
        unused.removeAll(in(definition));
        if (!unbound.isEmpty() || !unused.isEmpty()) {
            throw new IllegalArgumentException("placeholders without a value " + unbound
                    + ", values without a placeholder " + unused);
        }
        Matcher matcher = TOKEN.matcher(definition);
        StringBuilder bound = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(bound, Matcher.quoteReplacement(values.get(matcher.group(1))));
        }
        matcher.appendTail(bound);
        return bound.toString();
    }
}
