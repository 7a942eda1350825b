package dev.serverlesscd.local.build;

import dev.serverlesscd.local.build.BuildResult.BuildLogs;
import dev.serverlesscd.local.build.BuildResult.BuildPhase;
import dev.serverlesscd.local.build.BuildResult.BuildStatus;
import dev.serverlesscd.local.build.BuildResult.ExportedVariable;
import dev.serverlesscd.local.build.BuildResult.PhaseContext;
import dev.serverlesscd.local.build.BuildResult.PhaseStatus;
import dev.serverlesscd.local.build.Buildspec.FileSet;
import dev.serverlesscd.local.build.Buildspec.OnFailure;
import dev.serverlesscd.local.build.Buildspec.Phase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs a buildspec as CodeBuild would, on this machine, with {@code /bin/sh} (or {@code bash} when the buildspec's
 * {@code env.shell} says so).
 *
 * <p><b>Phases.</b> DOWNLOAD_SOURCE puts the source at the commit into a fresh directory ({@link SourceCheckout});
 * INSTALL, PRE_BUILD, BUILD and POST_BUILD run their commands; UPLOAD_ARTIFACTS copies {@code reports/<STAGE>/**}
 * to {@code <workspace>/runs/<RUN_ID>/<STAGE>/}. As in CodeBuild: a failed INSTALL or PRE_BUILD ends the build
 * (straight to FINALIZING, nothing uploaded); a failed BUILD still runs POST_BUILD and uploads; {@code on-failure:
 * CONTINUE} goes on to the next phase, the build still FAILED; {@code finally} commands run after the phase's
 * commands even when one failed.
 *
 * <p><b>Shell sessions.</b> Each phase runs in one shell process, its commands one after another in that shell, so
 * within a phase everything carries (variables, {@code cd}, functions). Between phases the runner carries the
 * exported environment ({@code export -p}) and the working directory, plus every variable the buildspec names in
 * {@code env.variables} or {@code env.exported-variables} even if not exported: that is CodeBuild 0.2's
 * "one shell for the whole build" for everything a buildspec normally relies on. A shell variable set without
 * {@code export} and not named in the buildspec lives to the end of its phase only. The first failing command ends
 * its phase's commands (then {@code finally} runs); a command that calls {@code exit} ends the phase.
 *
 * <p><b>Environment.</b> The host's environment (so {@code java}, {@code git} and {@code ~/.m2} are found, and a
 * proxy or repository setting in {@code MAVEN_OPTS} reaches nested builds), then the buildspec's {@code env.variables}
 * in order, each value expanded by the shell ({@code "$MAVEN_OPTS -Xmx512m"} extends the host's value;
 * {@link ShellExpansion}), then the request's overrides (start-build's, which win: a variable they set is not taken
 * from the buildspec), then CodeBuild's own: {@code CODEBUILD_BUILD_ID},
 * {@code CODEBUILD_BUILD_ARN}, {@code CODEBUILD_BUILD_NUMBER}, {@code CODEBUILD_SRC_DIR},
 * {@code CODEBUILD_SOURCE_VERSION}, {@code CODEBUILD_RESOLVED_SOURCE_VERSION}, {@code CODEBUILD_START_TIME},
 * {@code CODEBUILD_INITIATOR}, {@code CODEBUILD_BUILD_SUCCEEDING} (1, or 0 once a phase failed).
 *
 * <p><b>Where things go.</b> Source in {@code <workspace>/builds/<project>/<uuid>/src}, the log in
 * {@code <workspace>/logs/<project>/<uuid>.log} (and to the line callback), reports in
 * {@code <workspace>/runs/<runId>/<stage>/}. The build has a time limit: past it, the shell and its children are
 * killed and the build is TIMED_OUT.
 */
public final class LocalBuildRunner {
    static final String ACCOUNT = "000000000000";
    static final String REGION = "local";
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(5);
    /** The line before the log's last lines in a failed command's phase context, as the gate reads it. */
    static final String LOG_TAIL = dev.serverlesscd.functions.gate.BuildFailure.LOG_TAIL;

    private final Path workspace;
    private final Clock clock;
    private final Map<String, String> hostEnvironment;
    private final BuildProcesses processes;

    public LocalBuildRunner(Path workspace) {
        this(workspace, Clock.systemUTC(), System.getenv());
    }

    public LocalBuildRunner(Path workspace, Clock clock, Map<String, String> hostEnvironment) {
        this.workspace = workspace.toAbsolutePath().normalize();
        this.clock = clock;
        this.hostEnvironment = Map.copyOf(hostEnvironment);
        this.processes = new BuildProcesses(processDirectory(this.workspace));
    }

    /** Where the running build shells of a workspace are recorded ({@link BuildProcesses}). */
    public static Path processDirectory(Path workspace) {
        return workspace.resolve("builds").resolve("processes");
    }

    /** The build shells this runner has running: the runtime kills them when it stops. */
    public BuildProcesses processes() {
        return processes;
    }

    public BuildResult run(BuildRequest request) {
        return run(request, line -> { });
    }

    /** Runs the build to its end; every log line also goes to {@code lines} as it is written. */
    public BuildResult run(BuildRequest request, Consumer<String> lines) {
        String uuid = UUID.randomUUID().toString();
        Path buildDir = workspace.resolve("builds").resolve(request.projectName()).resolve(uuid);
        Path logFile = workspace.resolve("logs").resolve(request.projectName()).resolve(uuid + ".log");
        try (BuildLog log = new BuildLog(logFile, lines, clock)) {
            return new Build(request, uuid, buildDir, logFile, log).run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build log " + logFile + ": " + e.getMessage(), e);
        }
    }

    private synchronized long nextBuildNumber(String project) throws IOException {
        Path counter = workspace.resolve("builds").resolve(project).resolve("build-number");
        Files.createDirectories(counter.getParent());
        long next = Files.exists(counter) ? Long.parseLong(Files.readString(counter).strip()) + 1 : 1;
        Files.writeString(counter, Long.toString(next));
        return next;
    }

    /** One build's progress. */
    private final class Build {
        private final BuildRequest request;
        private final String id;
        private final String arn;
        private final Path buildDir;
        private final Path stateDir;
        private final Path logFile;
        private final BuildLog log;
        private final Instant start;
        private final Instant deadline;
        private final List<BuildPhase> phases = new ArrayList<>();
        private long buildNumber;
        private String resolvedCommit;
        private Path reportsDirectory;
        private boolean succeeding = true;
        private boolean timedOut;
        private boolean fault;
        private Map<String, String> environment;

        Build(BuildRequest request, String uuid, Path buildDir, Path logFile, BuildLog log) {
            this.request = request;
            this.id = request.projectName() + ":" + uuid;
            this.arn = "arn:aws:codebuild:" + REGION + ":" + ACCOUNT + ":build/" + id;
            this.buildDir = buildDir;
            this.stateDir = buildDir.resolve("state");
            this.logFile = logFile;
            this.log = log;
            this.start = clock.instant();
            this.deadline = start.plus(request.timeout());
        }

        BuildResult run() {
            for (PhaseType queued : List.of(PhaseType.SUBMITTED, PhaseType.QUEUED)) {
                phases.add(new BuildPhase(queued, PhaseStatus.SUCCEEDED, start, start, 0, List.of()));
            }
            log.container("Build " + id + " of " + request.source() + " (buildspec " + request.buildspec() + ")");
            Buildspec buildspec = null;
            Path src = null;
            Instant phaseStart = clock.instant();
            try {
                buildNumber = nextBuildNumber(request.projectName());
                Files.createDirectories(stateDir.resolve("exported"));
                phases.add(ended(PhaseType.PROVISIONING, PhaseStatus.SUCCEEDED, phaseStart, List.of()));
            } catch (IOException e) {
                fault = true;
                phases.add(ended(PhaseType.PROVISIONING, PhaseStatus.FAULT, phaseStart, context("CLIENT_ERROR", e.getMessage())));
            }
            if (!fault) {
                phaseStart = clock.instant();
                log.container("Entering phase DOWNLOAD_SOURCE");
                try {
                    SourceCheckout.Checkout checkout = SourceCheckout.prepare(request.source(), request.commit(), buildDir.resolve("src"), log);
                    src = checkout.directory();
                    resolvedCommit = checkout.resolvedCommit();
                    Path buildspecFile = src.resolve(request.buildspec()).normalize();
                    if (!buildspecFile.startsWith(src) || !Files.isRegularFile(buildspecFile)) {
                        throw new BuildspecException("buildspec " + request.buildspec() + " does not exist in the source");
                    }
                    buildspec = Buildspec.load(buildspecFile);
                    phases.add(ended(PhaseType.DOWNLOAD_SOURCE, PhaseStatus.SUCCEEDED, phaseStart, List.of()));
                } catch (SourceCheckout.CheckoutException e) {
                    failPhase(PhaseType.DOWNLOAD_SOURCE, phaseStart, "CLIENT_ERROR", e.getMessage());
                } catch (BuildspecException e) {
                    failPhase(PhaseType.DOWNLOAD_SOURCE, phaseStart, "YAML_FILE_ERROR", e.getMessage());
                } catch (IOException | RuntimeException e) {
                    fault = true;
                    phases.add(ended(PhaseType.DOWNLOAD_SOURCE, PhaseStatus.FAULT, phaseStart, context("CLIENT_ERROR", String.valueOf(e.getMessage()))));
                    log.container("Phase complete: DOWNLOAD_SOURCE State: FAULT: " + e);
                }
            }
            boolean upload = false;
            if (buildspec != null) {
                upload = runPhases(buildspec, src);
            }
            if (upload) {
                uploadReports(buildspec, src);
            }
            Instant finalizing = clock.instant();
            phases.add(ended(PhaseType.FINALIZING, PhaseStatus.SUCCEEDED, finalizing, List.of()));
            Instant end = clock.instant();
            phases.add(new BuildPhase(PhaseType.COMPLETED, null, end, null, 0, null));
            BuildStatus status = fault ? BuildStatus.FAULT : timedOut ? BuildStatus.TIMED_OUT
                    : succeeding ? BuildStatus.SUCCEEDED : BuildStatus.FAILED;
            List<ExportedVariable> exported = buildspec == null ? List.of() : exportedVariables(buildspec);
            log.container("Build " + id + " " + status + " in " + Duration.between(start, end).toSeconds() + " s; log " + logFile);
            return new BuildResult(id, arn, buildNumber, request.projectName(), request.commit(), resolvedCommit, start, end,
                    PhaseType.COMPLETED, status, true, request.timeout().toMinutes(), List.copyOf(phases), exported,
                    new BuildLogs("/local/codebuild/" + request.projectName(), id.substring(id.indexOf(':') + 1), logFile.toUri().toString()),
                    logFile, reportsDirectory);
        }

        /** The buildspec's four phases in order, with CodeBuild's transitions; true when artifacts are to be uploaded. */
        private boolean runPhases(Buildspec buildspec, Path src) {
            Map<String, String> environment = environment(buildspec, src);
            for (PhaseType type : List.of(PhaseType.INSTALL, PhaseType.PRE_BUILD, PhaseType.BUILD, PhaseType.POST_BUILD)) {
                Phase phase = buildspec.phases().get(type);
                if (phase == null) {
                    Instant now = clock.instant();
                    phases.add(new BuildPhase(type, PhaseStatus.SUCCEEDED, now, now, 0, List.of()));
                    continue;
                }
                PhaseStatus status = runPhase(type, phase, buildspec, src, environment);
                if (status == PhaseStatus.TIMED_OUT || status == PhaseStatus.FAULT) {
                    return false;
                }
                if (status == PhaseStatus.FAILED && phase.onFailure() == OnFailure.ABORT
                        && (type == PhaseType.INSTALL || type == PhaseType.PRE_BUILD)) {
                    log.container("Phase " + type + " failed: skipping to FINALIZING, as CodeBuild does");
                    return false;
                }
            }
            return true;
        }

        private PhaseStatus runPhase(PhaseType type, Phase phase, Buildspec buildspec, Path src, Map<String, String> environment) {
            Instant phaseStart = clock.instant();
            log.container("Entering phase " + type);
            log.phaseStarted();
            Duration remaining = Duration.between(phaseStart, deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                return timeOut(type, phaseStart);
            }
            try {
                Path failedCommand = stateDir.resolve("failed-command");
                Files.deleteIfExists(failedCommand);
                Path script = stateDir.resolve(type.name().toLowerCase() + ".sh");
                Files.writeString(script, PhaseScript.render(phase, buildspec, stateDir, succeeding), StandardCharsets.UTF_8);
                ProcessBuilder builder = new ProcessBuilder(buildspec.shell(), script.toString())
                        .directory(src.toFile())
                        .redirectErrorStream(true);
                builder.environment().clear();
                builder.environment().putAll(environment);
                Process process = builder.start();
                processes.register(process);
                try {
                    return awaitPhase(type, phaseStart, process, remaining, failedCommand);
                } finally {
                    processes.unregister(process);
                }
            } catch (IOException e) {
                fault = true;
                phases.add(ended(type, PhaseStatus.FAULT, phaseStart, context("CLIENT_ERROR", e.getMessage())));
                log.container("Phase complete: " + type + " State: FAULT: " + e.getMessage());
                return PhaseStatus.FAULT;
            }
        }

        /**
         * The phase's shell to its end. Interrupted (the execution was stopped, the runtime is closing), the shell and
         * its children are killed: a stopped build leaves nothing running.
         */
        private PhaseStatus awaitPhase(PhaseType type, Instant phaseStart, Process process, Duration remaining,
                                       Path failedCommand) throws IOException {
            try {
                process.getOutputStream().close();
                Thread reader = new Thread(() -> pump(process), "build-log-" + id);
                reader.setDaemon(true);
                reader.start();
                boolean ended = process.waitFor(remaining.toMillis(), TimeUnit.MILLISECONDS);
                if (!ended) {
                    kill(process);
                    reader.join(OUTPUT_DRAIN.toMillis());
                    return timeOut(type, phaseStart);
                }
                reader.join(OUTPUT_DRAIN.toMillis());
                int exit = process.exitValue();
                if (exit == 0) {
                    phases.add(ended(type, PhaseStatus.SUCCEEDED, phaseStart, List.of()));
                    log.container("Phase complete: " + type + " State: SUCCEEDED");
                    return PhaseStatus.SUCCEEDED;
                }
                String command = Files.exists(failedCommand) ? Files.readString(failedCommand).strip() : "the phase's shell";
                // CodeBuild's message, then (locally, where the log is a file the gate cannot read) the log's last lines
                List<String> tail = log.tail();
                failPhase(type, phaseStart, "COMMAND_EXECUTION_ERROR",
                        "Error while executing command: " + command + ". Reason: exit status " + exit
                                + (tail.isEmpty() ? "" : "\n" + LOG_TAIL + "\n" + String.join("\n", tail)));
                return PhaseStatus.FAILED;
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
                fault = true;
                phases.add(ended(type, PhaseStatus.STOPPED, phaseStart, context("BUILD_STOPPED", "interrupted")));
                return PhaseStatus.FAULT;
            }
        }

        private void pump(Process process) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    log.line(line);
                }
            } catch (IOException | UncheckedIOException ignored) {
                // the stream closes when the process is killed; a stopped build's log may close before its last lines
            }
        }

        private void kill(Process process) {
            BuildProcesses.kill(process.toHandle());
        }

        private PhaseStatus timeOut(PhaseType type, Instant phaseStart) {
            timedOut = true;
            succeeding = false;
            String message = "Build timed out after " + request.timeout().toMinutes() + " minutes (" + request.timeout() + ")";
            phases.add(ended(type, PhaseStatus.TIMED_OUT, phaseStart, context("BUILD_TIMED_OUT", message)));
            log.container("Phase complete: " + type + " State: TIMED_OUT: " + message);
            return PhaseStatus.TIMED_OUT;
        }

        private void failPhase(PhaseType type, Instant phaseStart, String code, String message) {
            succeeding = false;
            phases.add(ended(type, PhaseStatus.FAILED, phaseStart, context(code, message)));
            log.container("Phase complete: " + type + " State: FAILED");
            log.container("Phase context status code: " + code + " Message: " + message.lines().findFirst().orElse(""));
        }

        private void uploadReports(Buildspec buildspec, Path src) {
            Instant phaseStart = clock.instant();
            log.container("Entering phase UPLOAD_ARTIFACTS");
            String runId = request.runId();
            String stage = request.stage();
            try {
                logFileSets(buildspec, src);
                if (runId == null || stage == null) {
                    log.container("RUN_ID or STAGE is not set: reports are not collected");
                } else if (!runId.matches("[A-Za-z0-9._:-]+") || runId.contains("..") || !stage.matches("[A-Za-z0-9._-]+") || stage.contains("..")) {
                    throw new IOException("RUN_ID '" + runId + "' or STAGE '" + stage + "' cannot name a directory");
                } else {
                    Path from = src.resolve("reports").resolve(stage);
                    Path to = workspace.resolve("runs").resolve(runId).resolve(stage);
                    int copied = copyTree(from, to);
                    reportsDirectory = to;
                    log.container(copied == 0 ? "No reports under reports/" + stage + "/ to collect"
                            : "Collected " + copied + " report file(s) from reports/" + stage + "/ into " + to);
                }
                phases.add(ended(PhaseType.UPLOAD_ARTIFACTS, PhaseStatus.SUCCEEDED, phaseStart, List.of()));
            } catch (IOException e) {
                failPhase(PhaseType.UPLOAD_ARTIFACTS, phaseStart, "CLIENT_ERROR", "reports cannot be collected: " + e.getMessage());
            }
        }

        /** What CodeBuild would put in each report group and in the artifacts: said in the log, for the reader. */
        private void logFileSets(Buildspec buildspec, Path src) throws IOException {
            Map<String, String> environment = environment(buildspec, src);
            for (Map.Entry<String, FileSet> group : buildspec.reports().entrySet()) {
                log.container("Report group " + reportGroupName(group.getKey(), environment) + " ("
                        + group.getValue().fileFormat() + "): " + matching(src, group.getValue()).size() + " file(s)");
            }
            if (buildspec.artifacts() != null) {
                log.container("Artifacts: " + matching(src, buildspec.artifacts()).size() + " file(s) under "
                        + (buildspec.artifacts().baseDirectory().isEmpty() ? "the source root" : buildspec.artifacts().baseDirectory()));
            }
        }

        /** A report group key may be {@code $VARIABLE} (CodeBuild reads it from the build's environment). */
        private static String reportGroupName(String key, Map<String, String> environment) {
            if (!key.startsWith("$")) {
                return key;
            }
            String value = environment.get(key.substring(1));
            return value == null || value.isEmpty() ? key + " (not set locally)" : value;
        }

        /**
         * The build's environment, layered as CodeBuild layers it: the host's (the build image's), then the
         * buildspec's {@code env.variables} in their order, each value expanded by the shell against what is set
         * before it ({@code MAVEN_OPTS: "$MAVEN_OPTS -Xmx512m"} extends the host's setting), then the start-build
         * overrides (which win over the buildspec: a variable they set is not taken from it at all), then
         * CodeBuild's own {@code CODEBUILD_*}.
         */
        private Map<String, String> environment(Buildspec buildspec, Path src) {
            if (environment != null) {
                return environment;
            }
            Map<String, String> codebuild = new java.util.LinkedHashMap<>();
            codebuild.put("CODEBUILD_BUILD_ID", id);
            codebuild.put("CODEBUILD_BUILD_ARN", arn);
            codebuild.put("CODEBUILD_BUILD_NUMBER", Long.toString(buildNumber));
            codebuild.put("CODEBUILD_SRC_DIR", src.toString());
            codebuild.put("CODEBUILD_SOURCE_VERSION", request.commit() == null ? "" : request.commit());
            codebuild.put("CODEBUILD_RESOLVED_SOURCE_VERSION", resolvedCommit == null ? "" : resolvedCommit);
            codebuild.put("CODEBUILD_START_TIME", Long.toString(start.toEpochMilli()));
            codebuild.put("CODEBUILD_INITIATOR", "local/" + System.getProperty("user.name", "runner"));
            codebuild.put("CODEBUILD_BUILD_SUCCEEDING", "1");
            Map<String, String> base = new HashMap<>(hostEnvironment);
            base.putAll(request.environment());
            base.putAll(codebuild);
            Map<String, String> declared = new java.util.LinkedHashMap<>(buildspec.variables());
            declared.keySet().removeIf(name -> request.environment().containsKey(name) || name.startsWith("CODEBUILD_"));
            Map<String, String> result = new HashMap<>(hostEnvironment);
            try {
                result.putAll(ShellExpansion.expand(declared, base, buildspec.shell(), src));
            } catch (IOException e) {
                log.container("The buildspec's variables cannot be expanded by " + buildspec.shell() + " (" + e.getMessage()
                        + "): their values are taken as written");
                result.putAll(declared);
            }
            result.putAll(request.environment());
            result.putAll(codebuild);
            environment = result;
            return environment;
        }

        private List<ExportedVariable> exportedVariables(Buildspec buildspec) {
            List<ExportedVariable> exported = new ArrayList<>();
            for (String name : buildspec.exportedVariables()) {
                Path value = stateDir.resolve("exported").resolve(name);
                try {
                    if (Files.exists(value)) {
                        exported.add(new ExportedVariable(name, Files.readString(value)));
                    } else {
                        log.container("Exported variable " + name + " was never set: not exported");
                    }
                } catch (IOException e) {
                    log.container("Exported variable " + name + " cannot be read: " + e.getMessage());
                }
            }
            return List.copyOf(exported);
        }

        private BuildPhase ended(PhaseType type, PhaseStatus status, Instant phaseStart, List<PhaseContext> contexts) {
            Instant end = clock.instant();
            return new BuildPhase(type, status, phaseStart, end, Duration.between(phaseStart, end).toSeconds(), contexts);
        }
    }

    private static List<PhaseContext> context(String code, String message) {
        return List.of(new PhaseContext(code, message));
    }

    static List<Path> matching(Path src, FileSet set) throws IOException {
        Path base = src.resolve(set.baseDirectory()).normalize();
        if (!base.startsWith(src) || !Files.isDirectory(base)) {
            return List.of();
        }
        List<PathMatcher> matchers = new ArrayList<>();
        for (String glob : set.files()) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
            if (glob.startsWith("**/")) {
                // CodeBuild's "**/" also matches no directory at all: "**/*" takes the top-level files too
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3)));
            }
        }
        Set<Path> found = new LinkedHashSet<>();
        try (Stream<Path> paths = Files.walk(base)) {
            paths.filter(Files::isRegularFile).forEach(path -> {
                Path relative = base.relativize(path);
                if (matchers.stream().anyMatch(m -> m.matches(relative))) {
                    found.add(path);
                }
            });
        }
        return List.copyOf(found);
    }

    private static int copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return 0;
        }
        int copied = 0;
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                    copied++;
                }
            }
        }
        return copied;
    }
}
