package dev.serverlesscd.local.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Build shells never outlive the runtime: killed at its close, reaped at the next start after a kill -9. */
@Tag("unit")
class BuildProcessesTest {
    @TempDir
    Path directory;

    @Test
    void killAll_shouldKillTheShellAndItsChildren() throws Exception {
        // GIVEN a registered shell with a child of its own
        BuildProcesses processes = new BuildProcesses(directory);
        Path childPid = directory.resolve("child.pid");
        Process shell = new ProcessBuilder("/bin/sh", "-c", "sleep 300 & echo $! > " + childPid + "; wait").start();
        processes.register(shell);
        ProcessHandle child = awaitPid(childPid);

        // WHEN the runtime closes
        int killed = processes.killAll();

        // THEN both are gone and nothing stays recorded
        assertThat(killed).isEqualTo(1);
        assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(child.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(directory.resolve(Long.toString(shell.pid()))).doesNotExist();
    }

    @Test
    void reapOrphans_shouldKillTheShellsOfADeadRuntime_andLeaveALiveRuntimesAlone() throws Exception {
        // GIVEN a shell recorded by a runtime that was killed (its owner pid is dead), and one by a live runtime
        Process deadOwners = new ProcessBuilder("sleep", "300").start();
        Process liveOwners = new ProcessBuilder("sleep", "300").start();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        record(deadOwners, gone.pid());
        record(liveOwners, ProcessHandle.current().pid());

        // WHEN the next runtime starts
        int killed = new BuildProcesses(directory).reapOrphans();

        // THEN the dead runtime's shell is killed and forgotten; the live runtime's is left alone
        assertThat(killed).isEqualTo(1);
        assertThat(deadOwners.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(directory.resolve(Long.toString(deadOwners.pid()))).doesNotExist();
        assertThat(liveOwners.isAlive()).isTrue();
        liveOwners.destroyForcibly();
    }

    @Test
    void reapOrphans_shouldNotKillAProcessThatReusedARecordedPid() throws Exception {
        // GIVEN a record whose pid now belongs to a process started at another time
        Process other = new ProcessBuilder("sleep", "300").start();
        Files.writeString(directory.resolve(Long.toString(other.pid())), "999999999 2001-01-01T00:00:00Z");

        // WHEN / THEN
        assertThat(new BuildProcesses(directory).reapOrphans()).isZero();
        assertThat(other.isAlive()).isTrue();
        other.destroyForcibly();
    }

    private void record(Process process, long owner) throws Exception {
        Files.writeString(directory.resolve(Long.toString(process.pid())),
                owner + " " + process.toHandle().info().startInstant().orElseThrow());
    }

    private static ProcessHandle awaitPid(Path file) throws Exception {
        Instant limit = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(limit)) {
            if (Files.exists(file) && !Files.readString(file).isBlank()) {
                return ProcessHandle.of(Long.parseLong(Files.readString(file).strip())).orElseThrow();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the shell never started its child");
    }
}
