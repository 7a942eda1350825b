package dev.serverlesscd.local.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The build shells the local runtime has running, so that none outlives it.
 *
 * <ul>
 *   <li>Each phase's shell is {@link #register registered} while it runs: kept in memory and written to
 *       {@code <directory>/<pid>} as {@code <owner pid> <shell start instant>} (the owner is this JVM).</li>
 *   <li>{@link #killAll} (the runtime's close, which the server's shutdown hook calls on SIGTERM or Ctrl-C) kills every
 *       registered shell with its descendants.</li>
 *   <li>After {@code kill -9} no hook runs: the shells go on, re-parented. {@link #reapOrphans} (the next start)
 *       kills every recorded shell whose owner is dead, with its descendants; the recorded start instant guards against
 *       a pid the system has reused since. What it cannot reach: a process that has already left its shell's tree (a
 *       daemon that detached itself, or the child of a shell that exited) and whatever ran between the kill and the
 *       next start.</li>
 * </ul>
 */
public final class BuildProcesses {
    private final Path directory;
    private final Map<Long, ProcessHandle> running = new ConcurrentHashMap<>();

    public BuildProcesses(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** Where the running shells are recorded. */
    public Path directory() {
        return directory;
    }

    /** The shell runs: killed by {@link #killAll}, and by {@link #reapOrphans} should this JVM die without it. */
    void register(Process process) {
        ProcessHandle handle = process.toHandle();
        running.put(handle.pid(), handle);
        Optional<Instant> started = handle.info().startInstant();
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(Long.toString(handle.pid())),
                    ProcessHandle.current().pid() + " " + started.map(Instant::toString).orElse("-"),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            // not recorded: killAll still reaches it; only a kill -9 of this JVM would leave it
        }
    }

    /** The shell ended (or was killed): forgotten. */
    void unregister(Process process) {
        long pid = process.pid();
        running.remove(pid);
        try {
            Files.deleteIfExists(directory.resolve(Long.toString(pid)));
        } catch (IOException e) {
            // a stale record is skipped by reapOrphans: its owner is this JVM or its pid is gone
        }
    }

    /** Kills every registered shell and its descendants; answers how many shells were still running. */
    public int killAll() {
        int killed = 0;
        for (ProcessHandle shell : List.copyOf(running.values())) {
            if (shell.isAlive()) {
                killed++;
            }
            kill(shell);
            running.remove(shell.pid());
            try {
                Files.deleteIfExists(directory.resolve(Long.toString(shell.pid())));
            } catch (IOException e) {
                // see unregister
            }
        }
        return killed;
    }

    /**
     * Kills the shells a runtime that died without its shutdown hook (kill -9) left running, with their descendants,
     * and forgets every record whose owner is gone; answers how many shells it killed. Records of a live owner (another
     * runtime on this workspace) are left alone.
     */
    public int reapOrphans() {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int killed = 0;
        try (DirectoryStream<Path> records = Files.newDirectoryStream(directory)) {
            for (Path record : records) {
                Optional<Orphan> orphan = orphan(record);
                if (orphan.isEmpty()) {
                    continue;
                }
                Optional<ProcessHandle> shell = ProcessHandle.of(orphan.get().pid())
                        .filter(ProcessHandle::isAlive)
                        .filter(handle -> sameStart(handle, orphan.get().started()));
                if (shell.isPresent()) {
                    kill(shell.get());
                    killed++;
                }
                Files.deleteIfExists(record);
            }
        } catch (IOException e) {
            // an unreadable directory: nothing more to reap
        }
        return killed;
    }

    private record Orphan(long pid, String started) {
    }

    /** The record's shell if its owner is dead; empty for a live owner's record or one that cannot be read. */
    private static Optional<Orphan> orphan(Path record) {
        try {
            long pid = Long.parseLong(record.getFileName().toString());
            String[] fields = Files.readString(record, StandardCharsets.UTF_8).strip().split(" ");
            long owner = Long.parseLong(fields[0]);
            if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.empty();
            }
            return Optional.of(new Orphan(pid, fields.length > 1 ? fields[1] : "-"));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean sameStart(ProcessHandle handle, String recorded) {
        if ("-".equals(recorded)) {
            return false;
        }
        return handle.info().startInstant().map(Instant::toString).map(recorded::equals).orElse(false);
    }

    /** The descendants first (so none is re-parented away while its shell dies), then the shell. */
    static void kill(ProcessHandle shell) {
        try (Stream<ProcessHandle> descendants = shell.descendants()) {
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
        shell.destroyForcibly();
    }
}
