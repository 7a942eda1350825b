package dev.serverlesscd.local.build;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A finished local build, shaped like the {@code Build} of CodeBuild's {@code BatchGetBuilds} as
 * {@code codebuild:startBuild.sync} returns it to Step Functions ({@code $states.result.Build}), so the state
 * machine reads {@code Build.BuildStatus} and {@code Build.ExportedEnvironmentVariables} the same way on AWS and
 * locally.
 */
public record BuildResult(
        @JsonProperty("Id") String id,
        @JsonProperty("Arn") String arn,
        @JsonProperty("BuildNumber") long buildNumber,
        @JsonProperty("ProjectName") String projectName,
        @JsonProperty("SourceVersion") String sourceVersion,
        @JsonProperty("ResolvedSourceVersion") String resolvedSourceVersion,
        @JsonProperty("StartTime") Instant startTime,
        @JsonProperty("EndTime") Instant endTime,
        @JsonProperty("CurrentPhase") PhaseType currentPhase,
        @JsonProperty("BuildStatus") BuildStatus buildStatus,
        @JsonProperty("BuildComplete") boolean buildComplete,
        @JsonProperty("TimeoutInMinutes") long timeoutInMinutes,
        @JsonProperty("Phases") List<BuildPhase> phases,
        @JsonProperty("ExportedEnvironmentVariables") List<ExportedVariable> exportedEnvironmentVariables,
        @JsonProperty("Logs") BuildLogs logs,
        @JsonIgnore Path logFile,
        @JsonIgnore Path reportsDirectory) {

    public enum BuildStatus { SUCCEEDED, FAILED, FAULT, TIMED_OUT, IN_PROGRESS, STOPPED }

    public enum PhaseStatus { SUCCEEDED, FAILED, FAULT, TIMED_OUT, IN_PROGRESS, STOPPED }

    public record BuildPhase(
            @JsonProperty("PhaseType") PhaseType phaseType,
            @JsonProperty("PhaseStatus") PhaseStatus phaseStatus,
            @JsonProperty("StartTime") Instant startTime,
            @JsonProperty("EndTime") Instant endTime,
            @JsonProperty("DurationInSeconds") long durationInSeconds,
            @JsonProperty("Contexts") List<PhaseContext> contexts) {
    }

    public record PhaseContext(@JsonProperty("StatusCode") String statusCode, @JsonProperty("Message") String message) {
    }

    public record ExportedVariable(@JsonProperty("Name") String name, @JsonProperty("Value") String value) {
    }

    /** Where the log is: locally a file, named by its {@code file:} URI in {@code DeepLink}. */
    public record BuildLogs(
            @JsonProperty("GroupName") String groupName,
            @JsonProperty("StreamName") String streamName,
            @JsonProperty("DeepLink") String deepLink) {
    }

    public Optional<String> exported(String name) {
        return exportedEnvironmentVariables.stream().filter(v -> v.name().equals(name)).map(ExportedVariable::value).findFirst();
    }

    public Optional<BuildPhase> phase(PhaseType type) {
        return phases.stream().filter(p -> p.phaseType() == type).findFirst();
    }
}
