package dev.serverlesscd.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.local.runtime.LocalPipeline;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the CLI says and how it exits, without running anything. */
@Tag("unit")
class CliWordingTest {

    @Test
    void demo_exitsZero_onlyWhenTheRunSucceeded() {
        assertThat(DemoCommand.exitCode(RunStatus.SUCCEEDED)).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = "SUCCEEDED", mode = EnumSource.Mode.EXCLUDE)
    void demo_exitsOne_whenTheRunEndedOtherwise(RunStatus status) {
        assertThat(DemoCommand.exitCode(status)).isEqualTo(1);
    }

    @Test
    void demoHelp_saysWhatTheExitCodeMeans() {
        PipelineCliTest.Result help = PipelineCliTest.run("demo", "--help");

        assertThat(help.out()).contains("Exit codes (the run's outcome):", "0   the run SUCCEEDED",
                "1   the run ended otherwise (FAILED, REJECTED, ROLLED_BACK");
    }

    @Test
    void topLevelHelp_listsEveryCommandWithAWholeSentence() {
        PipelineCliTest.Result help = PipelineCliTest.run("--help");

        String commands = help.out().substring(help.out().indexOf("Commands:"));
        // each command's summary ends its sentence: none is cut at the end of a description line
        assertThat(commands.lines().filter(line -> !line.isBlank()).map(String::strip))
                .noneMatch(line -> line.endsWith(","));
        assertThat(commands).contains("demo", "Runs the sample service through the whole pipeline on this machine.",
                "Rolls an environment back to a version that succeeded there before.");
    }

    @Test
    void serveLog_namesWhatEnded_aRunOrARollback() {
        String pipeline = "arn:aws:states:us-east-1:123456789012:stateMachine:" + LocalPipeline.STATE_MACHINE_NAME;
        String rollback = "arn:aws:states:us-east-1:123456789012:stateMachine:" + LocalPipeline.ROLLBACK_STATE_MACHINE_NAME;

        assertThat(LocalCommand.ended(pipeline, "ExecutionSucceeded")).isEqualTo("run succeeded");
        assertThat(LocalCommand.ended(rollback, "ExecutionSucceeded")).isEqualTo("rollback succeeded");
        assertThat(LocalCommand.ended(rollback, "ExecutionFailed")).isEqualTo("rollback failed");
    }

    @Test
    void push_takesABranchRef_orABranchName_andNoTag() {
        assertThat(PushCommand.branch("refs/heads/main")).hasValue("main");
        assertThat(PushCommand.branch("develop")).hasValue("develop");
        assertThat(PushCommand.branch("refs/heads/feature/x")).hasValue("feature/x");
        assertThat(PushCommand.branch("refs/tags/v1.0.0")).isEmpty();
        assertThat(PushCommand.branch("refs/heads/")).isEmpty();
    }
}
