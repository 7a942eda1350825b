package dev.serverlesscd.local.cli;

import dev.serverlesscd.asl.ScaledClock;
import dev.serverlesscd.functions.approval.Decision;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.local.demo.DemoSession.Outcome;
import dev.serverlesscd.local.demo.DemoSession.Scenario;
import dev.serverlesscd.local.demo.DemoSession;
import dev.serverlesscd.local.runtime.LocalPipeline;
import dev.serverlesscd.local.runtime.StageReporter;
import java.io.PrintStream;
import java.util.Optional;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pipeline demo}: the sample service through the whole pipeline, on this machine, with every stage shown. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Runs the sample service through the whole pipeline on this machine.",
        description = "Runs the whole pipeline on samples/orders-service: a signed push to main, test/scan/lint in parallel, "
                + "the gates, the image build, staging, the production approval, production; each stage live, then a summary "
                + "and what the run told GitHub and chat (locally: files under the workspace's github/ and chat/). "
                + "With --pull-request the run is a pull request's checks, and the demo shows the comment the run left on it; "
                + "with --tag the run is a release's, and the demo shows the release notes. "
                + "The cluster is simulated (an embedded Kubernetes API); DynamoDB Local keeps the runs in .pipeline/.",
        exitCodeListHeading = "Exit codes (the run's outcome):%n",
        exitCodeList = {
                "0:the run SUCCEEDED",
                "1:the run ended otherwise (FAILED, REJECTED, ROLLED_BACK, ...), or the demo could not run it",
                "2:the options were refused (the message says why), or a local server runs on the workspace"})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--fail-tests", description = "Make one unit test fail: the run stops at the gates and names it.")
    boolean failTests;

    @ArgGroup(exclusive = true)
    DecisionOption decision = new DecisionOption();

    static final class DecisionOption {
        @Option(names = "--approve", description = "The approver approves production (the default).")
        boolean approve;

        @Option(names = "--reject", description = "The approver rejects: the run stops at the approval, production is untouched.")
        boolean reject;
    }

    @Option(names = "--fail-rollout", description = "The new image's rollout fails: the deployment is rolled back to the last good image.")
    boolean failRollout;

    @Option(names = "--pull-request", description = "Make the run a pull request's: the sample's commit on the branch "
            + DemoSession.PULL_REQUEST_BRANCH + ", opened as pull request #" + DemoSession.PULL_REQUEST + " into main and "
            + "posted signed to the webhook as GitHub's pull_request event. The run only runs the pull request tier's checks "
            + "(nothing is deployed), then the demo prints the comment the run left on the pull request. Run it again on the "
            + "same workspace and the pull request is updated (a new commit on its branch): the run edits the same comment.")
    boolean pullRequest;

    @Option(names = "--tag", paramLabel = "TAG", description = "Make the run a release's: three conventional commits "
            + "(a feature, a fix and a breaking change) are made on main, the last is tagged TAG and the tag's push is "
            + "posted signed to the webhook. When the sample repository has no earlier release, its head is first tagged with "
            + "the version before TAG, for example v1.1.0 before v1.2.0. The run deploys as the configuration's tag rules say, then "
            + "the demo prints the release notes, grouped by kind with breaking changes first. TAG must be a valid tag name "
            + "that a tag rule of samples/pipeline-config.yml matches (v*) and that the sample repository does not have yet.")
    String tag;

    @Option(names = "--kube-context", paramLabel = "CONTEXT",
            description = "Deploy to this kubeconfig context instead of the embedded, simulated cluster.")
    String kubeContext;

    @Option(names = "--verbose", description = "Also print every build log line.")
    boolean verbose;

    @Option(names = "--workspace", description = "Where the local state goes (default: .pipeline/ in the repository).")
    Path workspace;

    @Option(names = "--serve", description = "After the run, keep serving its pages (and the webhook, approvals and "
            + "`pipeline open`) on 127.0.0.1 until Ctrl-C.")
    boolean serve;

    @Option(names = "--time-scale", defaultValue = "20",
            description = "How much faster the state machine's clock runs than the wall clock (Waits, retries); default ${DEFAULT-VALUE}.")
    double timeScale;

    /** The pipeline configuration; null: the sample's (samples/pipeline-config.yml). Tests set another. */
    dev.serverlesscd.functions.config.PipelineConfig config;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        LocalState state = LocalState.at(workspace);
        Optional<LocalState.Served> serving = state.served();
        if (serving.isPresent()) {
            // one runtime per workspace: a second would share its database and, at its start, abort its running runs
            System.err.println("pipeline local serve (pid " + serving.get().pid() + ") runs on " + state.directory()
                    + ": stop it first, or give the demo a workspace of its own (--workspace DIR)");
            return 2;
        }
        Optional<String> refused = refusal(state);
        if (refused.isPresent()) {
            System.err.println("pipeline demo: " + refused.get());
            return 2;
        }
        Scenario scenario = scenario();
        out.println("serverless-cd demo: the sample service through pipeline.asl.json on the local runtime");
        out.println("  scenario: " + describe(scenario));
        out.println("  state:    " + state.directory() + " (DynamoDB Local data, builds, logs, mail outbox)");
        LibraryLog.current().ifPresent(log -> out.println("  log:      " + log + " (what DynamoDB Local, Jetty and the handlers log)"));
        out.println("  clock:    Waits and retries run " + timeScale + "x faster than real time; stages take their real time");
        out.println();
        try (DemoSession session = DemoSession.builder(state.repositoryRoot(), state.directory())
                .config(config(state))
                .out(out::println)
                .pipeline(pipeline -> pipeline
                        .kubeContext(kubeContext)
                        .clock(new ScaledClock(timeScale))
                        .persistent(true)
                        .buildLog((stage, line) -> {
                            if (verbose) {
                                out.println("    [" + stage + "] " + line);
                            }
                        }))
                .start()) {
            java.time.Instant started = java.time.Instant.now();
            Outcome outcome = session.run(scenario);
            printSummary(out, outcome, session);
            printPublished(out, state.directory(), started);
            if (scenario.tag() != null && outcome.run().status() != RunStatus.SUCCEEDED) {
                out.println();
                out.println("No release of " + scenario.tag() + ": a tag's release is published only when its run succeeds.");
            }
            URI pages = session.pipeline().httpEndpoint();
            if (!serve) {
                out.println("Its page (served while the demo runs; --serve keeps it): "
                        + OpenCommand.address(pages, outcome.runId()));
                return exitCode(outcome.run().status());
            }
            LocalPipeline pipeline = session.pipeline();
            state.writeServed(new LocalState.Served(pages, pipeline.stepFunctionsEndpoint(), pipeline.dynamo().endpoint(),
                    pipeline.stateMachineArn(), pipeline.rollbackStateMachineArn(), ProcessHandle.current().pid()));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                state.clearServed();
                stopped.countDown();
            }));
            out.println("Serving the pages on 127.0.0.1 until Ctrl-C: " + pages + "/runs");
            out.println("Its page: " + OpenCommand.address(pages, outcome.runId()));
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return exitCode(outcome.run().status());
        }
    }

    /** Why the options cannot make a run, or empty when they can (checked before anything starts). */
    Optional<String> refusal(LocalState state) {
        if (pullRequest && tag != null) {
            return Optional.of("--pull-request and --tag ask for two different runs (a pull request's checks, or a "
                    + "release's); give one of them");
        }
        if (pullRequest && (decision.reject || failRollout)) {
            return Optional.of("a pull request's run only runs the checks: it has no approval to reject (--reject) and "
                    + "no rollout to fail (--fail-rollout)");
        }
        if (tag != null) {
            return DemoSession.tagProblem(config(state), state.sampleClone(), tag)
                    .map(problem -> "--tag " + problem);
        }
        return Optional.empty();
    }

    private dev.serverlesscd.functions.config.PipelineConfig config(LocalState state) {
        return config != null ? config : DemoSession.sampleConfig(state.repositoryRoot());
    }

    /** The run the options ask for. */
    Scenario scenario() {
        Scenario scenario = new Scenario(failTests, decision.reject ? Decision.REJECT : Decision.APPROVE, failRollout);
        if (pullRequest) {
            return scenario.asPullRequest(DemoSession.PULL_REQUEST_BRANCH);
        }
        return tag != null ? scenario.asTag(tag) : scenario;
    }

    /** The run's outcome as the process's: 0 when it succeeded, 1 when it failed, was rejected or rolled back. */
    static int exitCode(RunStatus status) {
        return status == RunStatus.SUCCEEDED ? 0 : 1;
    }

    private static String describe(Scenario scenario) {
        StringBuilder text = new StringBuilder(scenario.pullRequest()
                ? "pull request #" + DemoSession.PULL_REQUEST + " from " + scenario.branch() + " into main (checks only); "
                : scenario.tag() != null ? "the tag " + scenario.tag() + " on " + scenario.branch() + " (a release); "
                : "a push to " + scenario.branch() + "; ");
        text.append(scenario.failTests() ? "a failing unit test" : "all tests pass");
        if (!scenario.pullRequest()) {
            text.append(scenario.decision() == Decision.REJECT ? "; production approval rejected" : "; production approved");
        }
        if (scenario.failRollout()) {
            text.append("; the new image's rollout fails");
        }
        return text.toString();
    }

    static void printSummary(PrintStream out, Outcome outcome, DemoSession session) {
        Run run = outcome.run();
        out.println();
        out.println("Summary of " + outcome.runId() + " (" + run.repository() + " " + run.ref() + " at " + run.commit().substring(0, 7)
                + ", tier " + run.tier() + ")");
        out.println(String.format("  %-28s %-10s %8s  %s", "stage", "status", "time", "detail"));
        for (StageReporter.Stage stage : outcome.stages()) {
            out.println(String.format("  %-28s %-10s %8s  %s", stage.name(), stage.status(),
                    StageReporter.seconds(stage.duration()), abbreviate(stage.detail(), 100)));
        }
        out.println();
        out.println("Run " + run.status() + " in " + StageReporter.seconds(outcome.duration())
                + (run.error() == null ? "" : ": " + run.error() + " — " + abbreviate(run.cause(), 300)));
        out.println("Live now in the simulated cluster (no pods run; the images are not pulled):");
        for (Map.Entry<String, String> live : outcome.liveImages().entrySet()) {
            out.println(String.format("  %-12s %s", live.getKey(), live.getValue()));
        }
        out.println();
        out.println("Recorded in DynamoDB Local: ./pipeline runs show " + outcome.runId());
    }

    /**
     * What the run would have told GitHub and chat (the local adapters write it under {@code github/} and
     * {@code chat/}): each file written since {@code since}, and in full the pull request's comment and a release's
     * notes, so a user sees what the run produced.
     */
    static void printPublished(PrintStream out, Path workspace, java.time.Instant since) {
        List<Path> written = new java.util.ArrayList<>();
        for (String dir : List.of("github", "chat")) {
            Path root = workspace.resolve(dir);
            if (!java.nio.file.Files.isDirectory(root)) {
                continue;
            }
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(root)) {
                files.filter(java.nio.file.Files::isRegularFile).filter(file -> {
                    try {
                        return !java.nio.file.Files.getLastModifiedTime(file).toInstant().isBefore(since);
                    } catch (java.io.IOException e) {
                        return false;
                    }
                }).sorted().forEach(written::add);
            } catch (java.io.IOException e) {
                out.println("(cannot list " + root + ": " + e.getMessage() + ")");
            }
        }
        if (written.isEmpty()) {
            return;
        }
        out.println();
        out.println("Told GitHub and chat (locally: files under " + workspace + "):");
        written.forEach(file -> out.println("  " + workspace.relativize(file)));
        for (Path file : written) {
            String name = file.getFileName().toString();
            boolean comment = name.startsWith("comment-") && name.endsWith(".md");
            boolean notes = file.getParent().getFileName().toString().equals("releases") && name.endsWith(".md");
            if (comment || notes) {
                out.println();
                out.println((comment ? "The pull request's comment" : "The release notes") + " (" + workspace.relativize(file) + "):");
                try {
                    java.nio.file.Files.readAllLines(file).forEach(line -> out.println("  | " + line));
                } catch (java.io.IOException e) {
                    out.println("  (cannot read: " + e.getMessage() + ")");
                }
            }
        }
    }

    static String abbreviate(String text, int max) {
        if (text == null) {
            return "";
        }
        String line = text.replace('\n', ' ');
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }

    static String seconds(Duration duration) {
        return StageReporter.seconds(duration);
    }
}
