package dev.serverlesscd.functions.plan;

import java.util.List;
import java.util.Map;

/**
 * One stage instance of a run's plan, as the state machine runs it: a declared stage, or one combination of its
 * matrix.
 *
 * @param key            unique in the run, safe as a path segment: the build's {@code STAGE} and where its reports go
 *                       ({@code runs/<runId>/<key>/}); the stage's name, or {@code test.toolchain-stable} for an
 *                       instance of a matrix
 * @param name           as shown: {@code test}, {@code test (toolchain=stable)}
 * @param stage          the declared stage's name
 * @param buildspec      the buildspec's path in the service's repository ({@code BuildspecOverride})
 * @param project        the CodeBuild project it runs on: test, scan, lint, benchmark or smoke
 * @param variables      its own variables ({@code EnvironmentVariablesOverride}, besides the run's): STAGE,
 *                       STAGE_NAME and the matrix's values, each as {@code {"Name", "Value", "Type": "PLAINTEXT"}}
 * @param computeType    CodeBuild's compute type ({@code ComputeTypeOverride})
 * @param privileged     Docker inside the build ({@code PrivilegedModeOverride})
 * @param timeoutMinutes the build's time limit ({@code TimeoutInMinutesOverride})
 * @param judgedAs       what the gates judge its reports as: tests, findings, lint, benchmark or none
 * @param onFailure      fail (its failure fails the run) or warn
 * @param needs          the keys of the instances it waits for; if one of them did not succeed it is skipped
 */
public record PlannedStage(String key, String name, String stage, String buildspec, String project,
        List<Map<String, String>> variables, String computeType, boolean privileged, int timeoutMinutes,
        String judgedAs, String onFailure, List<String> needs) {

    public PlannedStage {
        variables = List.copyOf(variables);
        needs = List.copyOf(needs);
    }

    /** One environment variable as {@code EnvironmentVariablesOverride} lists it. */
    static Map<String, String> variable(String name, String value) {
        java.util.LinkedHashMap<String, String> variable = new java.util.LinkedHashMap<>();
        variable.put("Name", name);
        variable.put("Value", value);
        variable.put("Type", "PLAINTEXT");
        return java.util.Collections.unmodifiableMap(variable);
    }
}
