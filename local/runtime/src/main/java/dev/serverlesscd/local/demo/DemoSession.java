package dev.serverlesscd.local.demo;

import dev.serverlesscd.functions.approval.Approval;
import dev.serverlesscd.functions.approval.Decision;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.config.Route;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.deploy.KubernetesCluster;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.StageRecord;
import dev.serverlesscd.functions.publish.Changelog;
import dev.serverlesscd.functions.webhook.RefNames;
import dev.serverlesscd.functions.workflow.ExecutionNames;
import dev.serverlesscd.local.runtime.LocalPipeline;
import dev.serverlesscd.local.runtime.StageReporter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The sample service going through the local pipeline, the way a developer's push would: the sample is
 * committed to a repository of its own, a signed push for that commit is posted to the webhook over HTTP, the
 * run is followed stage by stage, and an approval is answered as the approver would. Used by
 * {@code pipeline demo} and by the end-to-end tests.
 */
public final class DemoSession implements AutoCloseable {
    public static final String REPOSITORY = "acme/orders-service";
    public static final String CLONE_URL = "https://github.com/acme/orders-service.git";
    public static final String WEBHOOK_SECRET = "local-demo-secret";
    private static final Duration RUN_LIMIT = Duration.ofMinutes(20);

    /**
     * What the run meets on its way: a failing test, the approver's decision, a rollout that fails; the branch the
     * push goes to (main, or e.g. develop: tier standard, staging only); what the commit changes in the sample
     * ({@link SampleSource.Change}: untested code, a planted secret, a slower code path), committed as a developer
     * would, so the stages measure it for real; and what GitHub tells the webhook: a push of the branch (the
     * default), a pull request from the branch into main ({@link #asPullRequest}), or the push of a new tag
     * ({@link #asTag}).
     */
    public record Scenario(boolean failTests, Decision decision, boolean failRollout, String branch,
                           List<SampleSource.Change> changes, boolean pullRequest, String tag) {
        public Scenario {
            java.util.Objects.requireNonNull(decision, "decision");
            if (branch == null || branch.isBlank()) {
                throw new IllegalArgumentException("a scenario needs a branch to push to");
            }
            if (pullRequest && tag != null) {
                throw new IllegalArgumentException("a scenario is a pull request or the push of a tag, not both");
            }
            changes = List.copyOf(changes);
        }

        /** A push of {@code branch}. */
        public Scenario(boolean failTests, Decision decision, boolean failRollout, String branch,
                        List<SampleSource.Change> changes) {
            this(failTests, decision, failRollout, branch, changes, false, null);
        }

        /** A push of the unchanged sample to main. */
        public Scenario(boolean failTests, Decision decision, boolean failRollout) {
            this(failTests, decision, failRollout, "main", List.of());
        }

        public static Scenario success() {
            return new Scenario(false, Decision.APPROVE, false);
        }

        /** The same scenario pushed to {@code branch} instead. */
        public Scenario onBranch(String branch) {
            return new Scenario(failTests, decision, failRollout, branch, changes, pullRequest, tag);
        }

        /** The same scenario whose commit also makes {@code change}. */
        public Scenario withChange(SampleSource.Change change) {
            List<SampleSource.Change> more = new java.util.ArrayList<>(changes);
            more.add(change);
            return new Scenario(failTests, decision, failRollout, branch, more, pullRequest, tag);
        }

        /**
         * The same commit as pull request #{@value #PULL_REQUEST} from {@code headBranch} into main: opened by the
         * first run, updated ({@code synchronize}) by each next one. The pull request tier's checks only, no deploy.
         */
        public Scenario asPullRequest(String headBranch) {
            return new Scenario(failTests, decision, failRollout, headBranch, changes, true, null);
        }

        /**
         * The push of the new tag {@code tag} on main: conventional commits ({@link #RELEASE_COMMITS}) are made on
         * main since the previous release (tagged first when there is none), the last of them tagged and pushed.
         */
        public Scenario asTag(String tag) {
            return new Scenario(failTests, decision, failRollout, "main", changes, false, tag);
        }
    }

    /** The pull request's number in the demo (the sample event's, samples/events/pull-request-opened.json). */
    public static final int PULL_REQUEST = 42;
    /** The pull request's head branch in the demo. */
    public static final String PULL_REQUEST_BRANCH = "feature/discount";
    /**
     * The commits a tag's demo makes on main before tagging the last, one of each kind the release notes group:
     * a feature, a fix and a breaking change.
     */
    public static final List<String> RELEASE_COMMITS = List.of(
            "feat(api): accept coupon codes on orders",
            "fix: round order totals half-even",
            "feat!: drop the v1 orders endpoint");

    /** How a run ended: the execution, the stored run record and stages, and what each environment runs now. */
    public record Outcome(
            String runId,
            ExecutionStatus executionStatus,
            String error,
            String cause,
            Run run,
            List<StageRecord> storedStages,
            List<StageReporter.Stage> stages,
            Map<String, String> liveImages,
            Duration duration) {
    }

    private final Path repositoryRoot;
    private final Path workspace;
    private final PipelineConfig config;
    private final LocalPipeline pipeline;
    private final Consumer<String> out;
    private int runs;

    private DemoSession(Path repositoryRoot, Path workspace, PipelineConfig config, LocalPipeline pipeline,
                        Consumer<String> out) {
        this.repositoryRoot = repositoryRoot;
        this.workspace = workspace;
        this.config = config;
        this.pipeline = pipeline;
        this.out = out;
        // A demo commit's message (and release.txt) names its run; counting on from the repository's commits keeps each
        // commit different from the last even when the demo runs again on the same workspace.
        this.runs = SampleSource.commitCount(sampleClone(workspace));
    }

    /** The sample's pipeline configuration, samples/pipeline-config.yml under {@code repositoryRoot}. */
    public static PipelineConfig sampleConfig(Path repositoryRoot) {
        return PipelineConfigLoader.load(repositoryRoot.resolve("samples/pipeline-config.yml"));
    }

    /** Where the demo keeps the sample's repository in {@code workspace}. */
    public static Path sampleClone(Path workspace) {
        return workspace.resolve("sources/orders-service");
    }

    /**
     * A demo session of the sample service on {@code repositoryRoot}, working in {@code workspace}. Unless told
     * otherwise: the sample's configuration (samples/pipeline-config.yml), nothing said, and the local pipeline's own
     * defaults ({@link LocalPipeline#builder}) for everything else.
     */
    public static Builder builder(Path repositoryRoot, Path workspace) {
        return new Builder(repositoryRoot, workspace);
    }

    /** A demo session's settings: its configuration and output, and any of the local pipeline's. */
    public static final class Builder {
        private final Path repositoryRoot;
        private final Path workspace;
        private PipelineConfig config;
        private Consumer<String> out = line -> { };
        private UnaryOperator<LocalPipeline.Builder> pipeline = UnaryOperator.identity();

        private Builder(Path repositoryRoot, Path workspace) {
            this.repositoryRoot = Objects.requireNonNull(repositoryRoot, "DemoSession: the repository root is not specified");
            this.workspace = Objects.requireNonNull(workspace, "DemoSession: the workspace is not specified");
        }

        /** Another pipeline configuration than the sample's. */
        public Builder config(PipelineConfig config) {
            this.config = config;
            return this;
        }

        /** Where the session (and the local pipeline) says what happens. */
        public Builder out(Consumer<String> out) {
            this.out = Objects.requireNonNull(out, "out");
            return this;
        }

        /**
         * The local pipeline's settings beyond the demo's own (the sample's source, the image built into a tar): its
         * clock, a kubeconfig context, a persistent database, the build log, …
         */
        public Builder pipeline(UnaryOperator<LocalPipeline.Builder> settings) {
            this.pipeline = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public DemoSession start() {
            PipelineConfig pipelineConfig = config != null ? config : sampleConfig(repositoryRoot);
            LocalPipeline started = pipeline.apply(LocalPipeline.builder(repositoryRoot, workspace, pipelineConfig,
                            WEBHOOK_SECRET)
                    .sources(Map.of(CLONE_URL, sampleClone(workspace)))
                    // No Docker engine and no registry here: Jib builds the image into a tar on an empty base.
                    .buildEnvironment(Map.of("IMAGE_PUSH", "tar", "BASE_IMAGE", "scratch"))
                    .console(out))
                    .start();
            return new DemoSession(repositoryRoot, workspace, pipelineConfig, started, out);
        }
    }

    public LocalPipeline pipeline() {
        return pipeline;
    }

    /** The environments a push to main deploys to, in order. */
    public List<EnvironmentTarget> environments() {
        return environments("main");
    }

    /** The environments a push to {@code branch} deploys to, in order (none for a branch that only runs checks). */
    public List<EnvironmentTarget> environments(String branch) {
        return config.routeBranch(REPOSITORY, branch).map(Route::environments).orElse(List.of());
    }

    /** One push of the sample (to main, or the scenario's branch), followed to its end. */
    public Outcome run(Scenario scenario) {
        long started = System.nanoTime();
        return follow(push(scenario), scenario.decision(), started);
    }

    /** Follows a pushed run to its end, deciding each of its approvals as {@code decision}. */
    public Outcome follow(Pushed pushed, Decision decision) {
        return follow(pushed, decision, System.nanoTime());
    }

    private Outcome follow(Pushed pushed, Decision decision, long started) {
        DescribeExecutionResponse execution = follow(pushed.executionArn(), pushed.runId(), decision);
        Run run = pipeline.runs().find(pushed.runId()).orElseThrow();
        return new Outcome(pushed.runId(), execution.status(), execution.error(), execution.cause(), run,
                pipeline.runs().stages(pushed.runId()), pushed.reporter().stages(), liveImages(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** A push the webhook accepted: its run, its execution, and the stages seen so far. */
    public record Pushed(String runId, String executionArn, StageReporter reporter) {
    }

    /**
     * One push of the sample to main (or the scenario's branch, pull request or tag), accepted by the webhook and not
     * followed: its approvals wait until someone decides them (or a newer push supersedes the run).
     */
    public Pushed push(Scenario scenario) {
        runs++;
        Path clone = sampleClone(workspace);
        Path sample = repositoryRoot.resolve("samples/orders-service");
        String subject = scenario.changes().isEmpty() ? "Apply the order discount before rounding"
                : String.join("; ", scenario.changes().stream().map(SampleSource.Change::message).toList());
        SignedPush push;
        String commit;
        String said;
        if (scenario.tag() != null) {
            tagProblem(config, clone, scenario.tag()).ifPresent(problem -> {
                throw new IllegalArgumentException("cannot push the tag " + scenario.tag() + ": " + problem);
            });
            commit = releaseCommits(clone, sample, scenario);
            SampleSource.tag(clone, scenario.tag(), commit);
            push = SignedPush.tag(repositoryRoot.resolve("samples/events/push-main.json"), scenario.tag(), commit,
                    scenario.branch(), WEBHOOK_SECRET);
            said = "push the tag " + scenario.tag() + " at " + commit.substring(0, 7) + " of " + REPOSITORY;
        } else if (scenario.pullRequest()) {
            if (SampleSource.head(clone, "main").isEmpty()) {
                SampleSource.commit(sample, clone, "Start the orders service (demo run " + runs + ")");
            }
            String base = SampleSource.head(clone, "main").orElseThrow();
            Optional<String> before = SampleSource.head(clone, scenario.branch());
            if (before.isEmpty()) {
                SampleSource.branch(clone, scenario.branch(), "main");
            }
            commit = SampleSource.commit(sample, clone, subject + " (demo run " + runs + ")", scenario.branch(),
                    scenario.changes());
            push = SignedPush.pullRequest(repositoryRoot.resolve("samples/events/pull-request-opened.json"),
                    scenario.branch(), commit, "main", base, before.orElse(null), WEBHOOK_SECRET);
            said = (before.isEmpty() ? "open" : "update") + " pull request #" + PULL_REQUEST + " of " + REPOSITORY
                    + " (" + scenario.branch() + " at " + commit.substring(0, 7) + " into main at " + base.substring(0, 7) + ")";
        } else {
            commit = SampleSource.commit(sample, clone, subject + " (demo run " + runs + ")", scenario.branch(),
                    scenario.changes());
            push = SignedPush.of(repositoryRoot.resolve("samples/events/push-main.json"), commit, WEBHOOK_SECRET,
                    scenario.branch(), SampleSource.parent(clone, commit));
            said = "push " + commit.substring(0, 7) + " to " + REPOSITORY + "@" + scenario.branch();
        }
        if (scenario.failTests()) {
            pipeline.buildEnvironmentFor(commit, Map.of("FAIL_TESTS", "true"));
        }
        // A failing rollout is the new image's: whatever runs somewhere now still rolls out (the rollback target).
        java.util.Set<String> liveBefore = java.util.Set.copyOf(liveImages().values());
        if (pipeline.cluster().isEmpty() && scenario.failRollout()) {
            throw new IllegalArgumentException("a failing rollout is made by the simulated cluster; a real cluster's"
                    + " rollouts are not failed on purpose (run without --kube-context)");
        }
        pipeline.cluster().ifPresent(cluster ->
                cluster.failRolloutsOf(scenario.failRollout() ? image -> !liveBefore.contains(image) : image -> false));

        String runId = ExecutionNames.runId(push.deliveryId());
        StageReporter reporter = new StageReporter(runId,
                environments(scenario).stream().map(EnvironmentTarget::name).toList(), out);
        pipeline.addListener(reporter);

        out.accept(said + ", delivery " + push.deliveryId());
        HttpResponse<String> answer = push.post(URI.create(pipeline.httpEndpoint() + "/webhook"));
        out.accept("webhook answered " + answer.statusCode() + " " + answer.body());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("the webhook did not accept the delivery: " + answer.statusCode() + " " + answer.body());
        }
        String executionArn = pipeline.stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + runId;
        return new Pushed(runId, executionArn, reporter);
    }

    /** The environments {@code scenario}'s run deploys to, in order: its branch's, its tag's, none for a pull request. */
    public List<EnvironmentTarget> environments(Scenario scenario) {
        if (scenario.pullRequest()) {
            return List.of();
        }
        if (scenario.tag() != null) {
            return config.routeTag(REPOSITORY, scenario.tag()).map(Route::environments).orElse(List.of());
        }
        return environments(scenario.branch());
    }

    /**
     * Why {@code tag} cannot be the demo's tag, or empty when it can: it must be a valid tag name (git's rules), one
     * of the configuration's tag rules must run it, and the sample repository at {@code clone} must not have it yet (a
     * tag names one commit; pushing it again is no new release).
     */
    public static Optional<String> tagProblem(PipelineConfig config, Path clone, String tag) {
        Optional<String> invalid = RefNames.problem(tag);
        if (invalid.isPresent()) {
            return Optional.of("'" + RefNames.printable(tag) + "' is not a valid tag name: " + invalid.get());
        }
        if (config.routeTag(REPOSITORY, tag).isEmpty()) {
            String rules = config.repository(REPOSITORY).map(r -> r.tags().stream()
                    .map(rule -> rule.pattern().toString()).collect(java.util.stream.Collectors.joining(", ")))
                    .orElse("");
            return Optional.of("the configuration runs no tag '" + RefNames.printable(tag) + "' of " + REPOSITORY
                    + (rules.isEmpty() ? " (it has no tag rules)" : " (its tag rules: " + rules + ")"));
        }
        if (SampleSource.tags(clone).contains(tag)) {
            return Optional.of("the sample repository " + clone + " already has the tag " + tag
                    + " (a tag names one commit): give a newer one");
        }
        return Optional.empty();
    }

    /**
     * The commits of a release on the scenario's branch: the previous release tagged first when the repository has
     * none below {@code scenario.tag()} (the branch's head, made when there is none), then {@link #RELEASE_COMMITS},
     * the last with the scenario's changes. Answers the last commit, the one to tag.
     */
    private String releaseCommits(Path clone, Path sample, Scenario scenario) {
        String tag = scenario.tag();
        if (SampleSource.head(clone, scenario.branch()).isEmpty()) {
            SampleSource.commit(sample, clone, "Start the orders service", scenario.branch(), List.of());
        }
        java.util.function.Predicate<String> isRelease = t -> config.routeTag(REPOSITORY, t).isPresent();
        java.util.function.Predicate<String> isPrerelease = config.repository(REPOSITORY)
                .flatMap(r -> r.publish().release())
                .<java.util.function.Predicate<String>>map(rule -> rule::isPrerelease)
                .orElse(t -> false);
        if (Changelog.previousTag(tag, SampleSource.tags(clone), isRelease, isPrerelease).isEmpty()) {
            previousVersion(tag)
                    .filter(previous -> Changelog.previousTag(tag, List.of(previous), isRelease, isPrerelease).isPresent())
                    .ifPresent(previous -> {
                        SampleSource.tag(clone, previous, SampleSource.head(clone, scenario.branch()).orElseThrow());
                        out.accept("tag " + previous + " at the head of " + scenario.branch()
                                + " (the previous release, so the notes have commits to group)");
                    });
        }
        String commit = null;
        for (int i = 0; i < RELEASE_COMMITS.size(); i++) {
            boolean last = i == RELEASE_COMMITS.size() - 1;
            commit = SampleSource.commit(sample, clone, RELEASE_COMMITS.get(i), scenario.branch(),
                    last ? scenario.changes() : List.of());
            out.accept("commit " + commit.substring(0, 7) + " \"" + RELEASE_COMMITS.get(i) + "\" on " + scenario.branch());
        }
        return commit;
    }

    /**
     * The version before {@code tag}: its last non-zero number one less, the numbers after it zero ({@code v1.2.0} →
     * {@code v1.1.0}, {@code v2.0.0} → {@code v1.0.0}, {@code v1.2.3} → {@code v1.2.2}); empty when it has no number
     * above zero.
     */
    static Optional<String> previousVersion(String tag) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\D*)(\\d+(?:\\.\\d+)*)(.*)$").matcher(tag);
        if (!m.matches()) {
            return Optional.empty();
        }
        String[] numbers = m.group(2).split("\\.");
        for (int i = numbers.length - 1; i >= 0; i--) {
            long n = Long.parseLong(numbers[i]);
            if (n > 0) {
                numbers[i] = String.valueOf(n - 1);
                for (int j = i + 1; j < numbers.length; j++) {
                    numbers[j] = "0";
                }
                return Optional.of(m.group(1) + String.join(".", numbers));
            }
        }
        return Optional.empty();
    }

    private DescribeExecutionResponse follow(String executionArn, String runId, Decision decision) {
        Instant limit = Instant.now().plus(RUN_LIMIT);
        while (Instant.now().isBefore(limit)) {
            DescribeExecutionResponse execution = pipeline.stepFunctions()
                    .describeExecution(DescribeExecutionRequest.builder().executionArn(executionArn).build());
            if (execution.status() != ExecutionStatus.RUNNING) {
                return execution;
            }
            for (Approval approval : pipeline.approvals().pendingForRun(runId, Instant.now())) {
                decide(approval, decision);
            }
            sleep(200);
        }
        throw new IllegalStateException("the run " + runId + " did not end within " + RUN_LIMIT);
    }

    private void decide(Approval approval, Decision decision) {
        String approver = approval.approvers().get(0);
        String reason = decision == Decision.APPROVE ? "looks good (demo)" : "rejected in the demo (--reject)";
        out.accept("  " + approver + " decides " + decision + " for " + approval.environment().name()
                + " (pipeline approve " + approval.runId() + " --as " + approver + ")");
        pipeline.approvals().decide(approval.approvalId(), approver, decision, reason, Instant.now());
    }

    /** What each environment's Deployment runs now, read from the cluster. */
    public Map<String, String> liveImages() {
        KubernetesCluster cluster = new KubernetesCluster(pipeline.kubernetes());
        Map<String, String> images = new LinkedHashMap<>();
        for (EnvironmentTarget target : environments()) {
            images.put(target.name(), cluster.currentImage(new DeploymentRef(target.namespace(), target.deployment()),
                    target.container()));
        }
        return images;
    }

    /** The run's summary as the state machine recorded it, as JSON text (for the CLI's `runs show`). */
    public static String summaryText(Run run) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(run.summary());
        } catch (IOException e) {
            return String.valueOf(run.summary());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while following the run", e);
        }
    }

    @Override
    public void close() {
        pipeline.close();
    }
}
