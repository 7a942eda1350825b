package dev.serverlesscd.local.cli;

import static dev.serverlesscd.local.testing.Git.git;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.asl.AutoAdvanceClock;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.local.runtime.LocalDynamoDb;
import dev.serverlesscd.functions.workflow.ExecutionNames;
import dev.serverlesscd.local.demo.DemoSession;
import dev.serverlesscd.local.demo.SignedPush;
import dev.serverlesscd.local.runtime.LocalPipeline;
import dev.serverlesscd.local.runtime.RepositoryRoot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The `pipeline` command line against a running local runtime, as a developer uses it. */
@Tag("e2e")
class PipelineCliTest {
    private static final Path ROOT = RepositoryRoot.find();

    @TempDir
    Path workspace;

    record Result(int exitCode, String out, String err) {
    }

    static Result run(String... args) {
        return run(PipelineCli::commandLine, args);
    }

    /** Runs the command line {@code commandLine} makes once System.out and System.err are captured (picocli keeps the streams it was made with). */
    static Result run(java.util.function.Supplier<picocli.CommandLine> commandLine, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            int code = commandLine.get().execute(args);
            return new Result(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void aPushPostedToTheLocalWebhook_startsARunThatRunsListAndShowDisplay() throws Exception {
        // GIVEN the local runtime serving as `pipeline local serve` does (no source checkouts: the checks fail fast)
        try (LocalPipeline pipeline = LocalPipeline.builder(ROOT, workspace,
                        PipelineConfigLoader.load(ROOT.resolve("samples/pipeline-config.yml")), DemoSession.WEBHOOK_SECRET)
                .clusterStep(Duration.ofMillis(20))
                .clock(new AutoAdvanceClock())
                .start()) {
            LocalState.at(workspace).writeServed(new LocalState.Served(pipeline.httpEndpoint(),
                    pipeline.stepFunctionsEndpoint(), pipeline.dynamo().endpoint(), pipeline.stateMachineArn(),
                    pipeline.rollbackStateMachineArn(), ProcessHandle.current().pid()));

            // WHEN a signed push arrives at POST /webhook
            SignedPush push = SignedPush.of(ROOT.resolve("samples/events/push-main.json"),
                    "6113728f27ae82c7b1a177c8d03f9e96e0adf246", DemoSession.WEBHOOK_SECRET);
            HttpResponse<String> answer = push.post(URI.create(pipeline.httpEndpoint() + "/webhook"));
            String runId = ExecutionNames.runId(push.deliveryId());

            // THEN it is accepted, and the CLI lists and shows the run
            assertThat(answer.statusCode()).isEqualTo(202);
            assertThat(answer.body()).contains(runId, "\"tier\":\"full\"");
            Result list = run("runs", "list", "--workspace", workspace.toString());
            assertThat(list.exitCode()).isZero();
            assertThat(list.out()).contains(runId, "acme/orders-service", "refs/heads/main", "6113728");
            Result show = run("runs", "show", runId, "--workspace", workspace.toString());
            assertThat(show.exitCode()).as(show.err()).isZero();
            assertThat(show.out()).contains("run         " + runId, "tier        full, environments [staging, production]");
            assertThat(pipeline.runs().find(runId)).hasValueSatisfying(run ->
                    assertThat(run.status()).as("started: RECEIVED until its execution's first state records it")
                            .isIn(RunStatus.RECEIVED, RunStatus.RUNNING, RunStatus.FAILED));

            // AND approving a run that does not exist says so (not that it has no pending approval)
            Result approve = run("approve", "run-nope", "--as", "lead@example.com", "--workspace", workspace.toString());
            assertThat(approve.exitCode()).isEqualTo(1);
            assertThat(approve.err()).contains("run run-nope does not exist").doesNotContain("pending approval");
        }
    }

    @Test
    void runsShow_namesWhyTheChecksFailed_notTheBuildDocument_whenTheCommitIsNotInTheRepository() throws Exception {
        // GIVEN the local runtime whose source repository for the service does not hold the pushed commit
        Path repository = workspace.resolve("sources/orders-service");
        Files.createDirectories(repository);
        Files.writeString(repository.resolve("README.md"), "another commit\n");
        for (String[] git : new String[][] {{"init", "-q", "-b", "main"}, {"add", "-A"},
                {"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", "commit", "-qm", "one"}}) {
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("git", "-C", repository.toString()));
            command.addAll(java.util.List.of(git));
            assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
        }
        try (LocalPipeline pipeline = LocalPipeline.builder(ROOT, workspace,
                        PipelineConfigLoader.load(ROOT.resolve("samples/pipeline-config.yml")), DemoSession.WEBHOOK_SECRET)
                .sources(java.util.Map.of("https://github.com/acme/orders-service.git", repository))
                .clusterStep(Duration.ofMillis(20))
                .clock(new AutoAdvanceClock())
                .start()) {
            LocalState.at(workspace).writeServed(new LocalState.Served(pipeline.httpEndpoint(),
                    pipeline.stepFunctionsEndpoint(), pipeline.dynamo().endpoint(), pipeline.stateMachineArn(),
                    pipeline.rollbackStateMachineArn(), ProcessHandle.current().pid()));
            SignedPush push = SignedPush.of(ROOT.resolve("samples/events/push-main.json"),
                    "6113728f27ae82c7b1a177c8d03f9e96e0adf246", DemoSession.WEBHOOK_SECRET);
            assertThat(push.post(URI.create(pipeline.httpEndpoint() + "/webhook")).statusCode()).isEqualTo(202);
            String runId = ExecutionNames.runId(push.deliveryId());

            // WHEN the run has ended at the gates
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (pipeline.runs().find(runId).map(run -> !run.status().isFinal()).orElse(true)
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Result show = run("runs", "show", runId, "--workspace", workspace.toString());

            // THEN `runs show` says which phase failed and why, in CodeBuild's words, and quotes no build document
            assertThat(show.exitCode()).as(show.err()).isZero();
            assertThat(show.out()).contains("FAILED")
                    .contains("the build FAILED in DOWNLOAD_SOURCE: commit 6113728f27ae82c7b1a177c8d03f9e96e0adf246 is not in"
                            + " the repository of ")
                    .doesNotContain("{\"Build\"", "{\\\"Build");
        }
    }

    @Test
    void push_commitsTheSampleIntoTheServedClone_andStartsARunOnTheGivenBranch() throws Exception {
        // GIVEN the local runtime serving as `pipeline local serve` does, its sample clone in the workspace (the
        // runtime itself gets no checkouts, so the run's checks fail fast instead of building the sample)
        LocalState state = LocalState.at(workspace);
        try (LocalPipeline pipeline = LocalPipeline.builder(ROOT, workspace,
                        PipelineConfigLoader.load(ROOT.resolve("samples/pipeline-config.yml")), DemoSession.WEBHOOK_SECRET)
                .clusterStep(Duration.ofMillis(20))
                .clock(new AutoAdvanceClock())
                .start()) {
            state.writeServed(new LocalState.Served(pipeline.httpEndpoint(), pipeline.stepFunctionsEndpoint(),
                    pipeline.dynamo().endpoint(), pipeline.stateMachineArn(), pipeline.rollbackStateMachineArn(),
                    ProcessHandle.current().pid(), java.util.Map.of(DemoSession.CLONE_URL, state.sampleClone())));

            // WHEN `pipeline push --ref develop` runs with the server's webhook secret
            PushCommand push = new PushCommand();
            push.environment = name -> name.equals("GITHUB_WEBHOOK_SECRET") ? DemoSession.WEBHOOK_SECRET : null;
            Result result = run(() -> new picocli.CommandLine(push), "--ref", "develop", "--workspace", workspace.toString());

            // THEN the sample is committed on develop in the clone, and the webhook accepted a run of that commit
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out()).contains("webhook answered 202", "\"tier\":\"standard\"");
            String runId = result.out().lines().filter(line -> line.startsWith("run ")).findFirst().orElseThrow()
                    .split(" ")[1];
            assertThat(Files.exists(state.sampleClone().resolve("pom.xml"))).isTrue();
            String head = git(state.sampleClone(), "rev-parse", "HEAD");
            assertThat(git(state.sampleClone(), "rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("develop");
            assertThat(pipeline.runs().find(runId)).hasValueSatisfying(run -> {
                assertThat(run.ref()).isEqualTo("refs/heads/develop");
                assertThat(run.commit()).isEqualTo(head);
            });
        }
    }

    @Test
    void push_refuses_whenNoLocalServerIsRunning() {
        Result result = run("push", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no `pipeline local serve` is running");
    }


    @Test
    void runsList_printsTheTableHeaderFirst_andNothingOfDynamoDbLocalsStart() {
        // WHEN the CLI starts DynamoDB Local on an empty workspace of its own (no server running)
        Result result = run("runs", "list", "--workspace", workspace.toString());

        // THEN stdout is the table alone: what `pipeline runs list 2>/dev/null | head -1` prints is the header
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines().findFirst()).hasValueSatisfying(first ->
                assertThat(first).startsWith("run ").contains("status", "repository", "created"));
        assertThat(result.out()).doesNotContain("DynamoDB Local", "Port:", "DbPath");
        assertThat(result.err()).contains("no runs recorded yet");
    }

    @Test
    void runsListAndShow_printStoredControlCharactersEscaped_neverRaw() {
        // GIVEN a run whose ref, author and cause carry terminal escape sequences (as a hostile delivery would bring)
        String runId = "run-hostile";
        try (LocalDynamoDb database = LocalDynamoDb.start(workspace.resolve("dynamodb"))) {
            DynamoDbRunStore runs = new DynamoDbRunStore(database.client(), database.tableName());
            java.time.Instant now = java.time.Instant.now();
            runs.create(new Run(runId, "d-1", "acme/orders-service", "https://github.com/acme/orders-service.git",
                    "push", "refs/heads/\u001b[2J\u001b]0;owned\u0007x", "x", "main", null,
                    "6113728f27ae82c7b1a177c8d03f9e96e0adf246", null, "mallory\u0000\u001b[31m\u202e", java.util.List.of(), "v1", "standard", false,
                    java.util.List.of(), RunStatus.RECEIVED, null, now, now, null, null, null));
            runs.finish(runId, RunStatus.FAILED, "Gates.FAIL\u001b[0m", "line one\u001b[1A\rline two", null, now);
        }

        // WHEN
        Result list = run("runs", "list", "--workspace", workspace.toString());
        Result show = run("runs", "show", runId, "--workspace", workspace.toString());

        // THEN no raw control character reaches the terminal; each is printed as \\uXXXX
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(show.exitCode()).as(show.err()).isZero();
        for (String out : java.util.List.of(list.out(), show.out())) {
            assertThat(out.chars().filter(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == 0x202e))
                    .as(out).isEmpty();
        }
        assertThat(list.out()).contains("refs/heads/\\u001b[2J\\u001b]0;owned\\u0007x");
        assertThat(show.out()).contains("mallory\\u0000\\u001b[31m\\u202e", "Gates.FAIL\\u001b[0m",
                "line one\\u001b[1A\\u000dline two");
    }

    @Test
    void demo_refuses_whenALocalServerRunsOnTheSameWorkspace() {
        // GIVEN a live `local serve` on the workspace (this JVM stands for it)
        LocalState.at(workspace).writeServed(new LocalState.Served(URI.create("http://127.0.0.1:1"),
                URI.create("http://127.0.0.1:2"), URI.create("http://127.0.0.1:3"), "arn:sm", "arn:rollback",
                ProcessHandle.current().pid()));

        // WHEN the demo is started there
        Result result = run("demo", "--workspace", workspace.toString());

        // THEN it refuses before starting anything: it would share the server's database and abort its runs
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("pipeline local serve (pid " + ProcessHandle.current().pid() + ") runs on",
                "--workspace DIR");
    }

    @Test
    void runsShow_answersWithAClearMessage_whenTheRunIsUnknown() {
        Result result = run("runs", "show", "run-nope", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no run run-nope in the local store");
    }

    @Test
    void approve_refuses_whenNoLocalServerIsRunning() {
        Result result = run("approve", "run-x", "--as", "lead@example.com", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no `pipeline local serve` is running");
    }

    @Test
    void aslRun_readsItsInputFromAFile_throughTheTopLevelCommand() throws Exception {
        // GIVEN a definition and an input file
        Path definition = workspace.resolve("pass.asl.json");
        Files.writeString(definition, "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Parameters\":{\"n.$\":\"$.n\"},\"End\":true}}}");
        Path input = workspace.resolve("input.json");
        Files.writeString(input, "{\"n\": 7}");

        // WHEN
        Result result = run("asl", "run", "--definition", definition.toString(), "--input", "@" + input);

        // THEN
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().strip()).isEqualTo("{\"status\":\"SUCCEEDED\",\"output\":{\"n\":7}}");
    }
}
