package dev.serverlesscd.infra;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The constructs build their resources in the stack's scope, so a resource keeps the logical ID it had before the
 * stack was split into constructs: a changed logical ID makes CloudFormation replace the resource (the table, the
 * bucket, the repository with it). These are the IDs of deployed stacks. (The one deliberate change: SmokeProject,
 * renamed UnjudgedProject, is replaced on the next deploy; its old log group is retained.)
 */
@Tag("unit")
class LogicalIdTest {

    @Test
    void resourcesOfEveryConstruct_keepTheLogicalIdsOfTheStackBeforeItWasSplit() {
        // GIVEN the synthesized template
        Set<String> logicalIds = ((Map<?, ?>) StackFixture.template().toJSON().get("Resources")).keySet().stream()
                .map(Object::toString).collect(Collectors.toSet());

        // THEN one or more resources of each construct, by the ID deployed stacks have
        assertThat(logicalIds).contains(
                // Storage
                "TableCD117FA1", "ReportsBucket4E7C5994", "ImageRepositoryBBCBC9DF", "WebhookSecretF21E29CC",
                "SenderIdentity5AECAF6F", "AlarmTopicD01E77F9", "AsyncFailuresBA743569",
                // CheckBuilds
                "TestReports71C0A1E4", "TestProject2F1D5F9F", "TestProjectRole81829D51", "BuildProject097C5DB7",
                "TestProjectLogs3775D05D",
                // PipelineApi
                "ApiF70053CD", "ApiDefaultStage189A7074", "ApiPOSTwebhook9AE25E58", "ApiAccessLogsE9DF007D",
                // TaskFunctions and their JavaFunctions
                "GateRole715CC50C", "GateLogs29416032", "GateFunction1E0F840B", "GateAlias18E94D4E",
                "DeployerRoleDE45734B", "DeployerAccessEntry", "ApprovalRequestAliasEventInvokeConfigCA71A5E6",
                // StateMachines
                "PipelineC660917D", "PipelineRoleDCFDBB91", "Rollback25B44D66", "PipelineExecutionLogs590F1769",
                // ApiFunctions
                "WebhookFunction59DCB58D", "ApprovalRole3765FB21",
                // Operations
                "RunsFailedAlarm1C365284", "WaitsTimedOutFilter72746511", "GateErrorsAlarm4A63D122",
                "Dashboard9E4231ED");
        // a version's ID ends in a hash of its function's configuration; the part before it is the path's
        assertThat(logicalIds).anyMatch(id -> id.startsWith("GateFunctionCurrentVersion91CFAF1C"));
    }
}
