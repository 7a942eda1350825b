package dev.serverlesscd.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.asl.Execution;
import dev.serverlesscd.asl.ExecutionListener;
import dev.serverlesscd.asl.HistoryEvent;
import dev.serverlesscd.asl.ScaledClock;
import dev.serverlesscd.asl.SystemAslClock;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigException;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.local.demo.DemoSession;
import dev.serverlesscd.local.demo.SampleSource;
import dev.serverlesscd.local.runtime.LocalPipeline;
import dev.serverlesscd.local.runtime.StageReporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pipeline local serve}: the local runtime as a server, for webhooks, approvals and the Step Functions API. */
@Command(name = "local", mixinStandardHelpOptions = true, description = "The local runtime.",
        subcommands = LocalCommand.Serve.class)
public final class LocalCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("usage: pipeline local serve [--port N] [--config FILE] [--source URL=DIR]...");
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            header = "Serves the pipeline on 127.0.0.1: the webhook, the approval pages and the Step Functions API.",
            description = "Serves POST /webhook, the approval pages and the run pages on 127.0.0.1 through the same handlers as on AWS, "
                    + "and the Step Functions API the pipeline's own adapters use; runs start as GitHub's deliveries arrive, "
                    + "as `pipeline run` asks (POST /runs) and as the configuration's schedules come due (UTC). "
                    + "The webhook secret is read from the environment variable GITHUB_WEBHOOK_SECRET.")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "8080", description = "The webhook and approvals port (default ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--sfn-port", defaultValue = "8083", description = "The Step Functions API port (default ${DEFAULT-VALUE}).")
        int stepFunctionsPort;

        @Option(names = "--config", description = "The pipeline configuration (default: samples/pipeline-config.yml).")
        Path config;

        @Option(names = "--source", paramLabel = "CLONE_URL=DIR",
                description = "A local checkout for a repository's clone URL (repeatable). Default: the sample service, "
                        + "committed to .pipeline/sources/orders-service (where pipeline push commits).")
        Map<String, Path> sources = new LinkedHashMap<>();

        @Option(names = "--workspace", description = "The local state (default: .pipeline/ in the repository).")
        Path workspace;

        @Option(names = "--kube-context", paramLabel = "CONTEXT",
                description = "Deploy to this kubeconfig context instead of the embedded, simulated cluster.")
        String kubeContext;

        @Option(names = "--time-scale", defaultValue = "1",
                description = "How much faster the state machine's clock runs than real time (default ${DEFAULT-VALUE}).")
        double timeScale;

        @Override
        public Integer call() throws InterruptedException {
            String secret = System.getenv("GITHUB_WEBHOOK_SECRET");
            if (secret == null || secret.isBlank()) {
                System.err.println("GITHUB_WEBHOOK_SECRET is not set: the webhook verifies every delivery with it");
                return 2;
            }
            LocalState state = LocalState.at(workspace);
            if (state.served().isPresent()) {
                // one runtime per workspace: a second would share its database and, at its start, abort its running runs
                System.err.println("pipeline local serve (pid " + state.served().get().pid() + ") already runs on "
                        + state.directory() + ": stop it first, or give this one --workspace DIR");
                return 2;
            }
            PipelineConfig pipelineConfig;
            Path configFile = config != null ? config : state.repositoryRoot().resolve("samples/pipeline-config.yml");
            try {
                pipelineConfig = PipelineConfigLoader.load(configFile);
            } catch (PipelineConfigException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            Map<String, Path> checkouts = new LinkedHashMap<>(sources);
            if (checkouts.isEmpty()) {
                // the sample, committed to a repository of the runtime's own (pipeline push commits there)
                Path clone = state.sampleClone();
                if (!Files.isDirectory(clone.resolve(".git"))) {
                    SampleSource.commit(state.repositoryRoot().resolve(PushCommand.SAMPLE), clone,
                            "The sample service as pipeline local serve first served it");
                }
                checkouts.put(DemoSession.CLONE_URL, clone);
            }
            for (Map.Entry<String, Path> source : checkouts.entrySet()) {
                if (!Files.isDirectory(source.getValue())) {
                    System.err.println("--source " + source.getKey() + "=" + source.getValue() + ": not a directory");
                    return 2;
                }
            }
            LocalPipeline pipeline = LocalPipeline.builder(state.repositoryRoot(), state.directory(), pipelineConfig,
                            secret)
                    .sources(checkouts)
                    // No Docker engine and no registry here: Jib builds the image into a tar on an empty base.
                    .buildEnvironment(Map.of("IMAGE_PUSH", "tar", "BASE_IMAGE", "scratch"))
                    .kubeContext(kubeContext)
                    .clock(timeScale > 1 ? new ScaledClock(timeScale) : new SystemAslClock())
                    .persistent(true)
                    .httpPort(port)
                    .stepFunctionsPort(stepFunctionsPort)
                    .linkSigningKey(state.linkSigningKey())
                    .console(System.out::println)
                    .schedules(java.time.Clock.systemUTC())
                    .start();
            pipeline.addListener(new RunPrinter());
            state.writeServed(new LocalState.Served(pipeline.httpEndpoint(), pipeline.stepFunctionsEndpoint(),
                    pipeline.dynamo().endpoint(), pipeline.stateMachineArn(), pipeline.rollbackStateMachineArn(),
                    ProcessHandle.current().pid(), checkouts));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                state.clearServed();
                pipeline.close();
                stopped.countDown();
            }));
            System.out.println();
            System.out.println("pipeline local serve: listening on 127.0.0.1");
            System.out.println("  webhook         POST " + pipeline.httpEndpoint() + "/webhook  (signed with GITHUB_WEBHOOK_SECRET)");
            System.out.println("  approvals       " + pipeline.httpEndpoint() + "/approvals  (links arrive in " + state.directory().resolve("outbox") + ")");
            System.out.println("  pages           " + pipeline.httpEndpoint() + "/runs  (runs, environments, metrics; badges under /badges/)");
            System.out.println("  Step Functions  " + pipeline.stepFunctionsEndpoint() + "  (aws stepfunctions --endpoint-url " + pipeline.stepFunctionsEndpoint() + " ...)");
            System.out.println("  DynamoDB Local  " + pipeline.dynamo().endpoint() + "  table " + pipeline.dynamo().tableName());
            System.out.println("  state machine   " + pipeline.stateMachineArn());
            System.out.println("  rollback        " + pipeline.rollbackStateMachineArn()
                    + "  (./pipeline rollback --environment NAME [--to-version V] --reason TEXT)");
            checkouts.forEach((url, dir) -> System.out.println("  source          " + url + " -> " + dir));
            LibraryLog.current().ifPresent(log -> System.out.println("  log             " + log + "  (what the libraries and handlers log)"));
            System.out.println("  runs            ./pipeline push starts one; ./pipeline runs list; approve with ./pipeline approve RUN_ID --as EMAIL");
            System.out.println("Ctrl-C stops it (runs still running end ABORTED, their builds are killed).");
            stopped.await();
            return 0;
        }
    }

    /**
     * The line for an execution's end, naming what ended: "run succeeded" for a pipeline run, "rollback succeeded"
     * for a manual rollback (the rollback state machine's executions).
     */
    static String ended(String stateMachineArn, String eventType) {
        String what = stateMachineArn.endsWith(":" + LocalPipeline.ROLLBACK_STATE_MACHINE_NAME) ? "rollback " : "run ";
        return eventType.replace("Execution", what).toLowerCase(Locale.ROOT);
    }

    /** Prints each run's stages as they happen, prefixed with the run id. */
    static final class RunPrinter implements ExecutionListener {
        private final Map<String, StageReporter> reporters = new ConcurrentHashMap<>();

        @Override
        public void onEvent(Execution execution, HistoryEvent event) {
            if (event.type().equals("ExecutionStarted")) {
                List<String> environments = new ArrayList<>();
                for (JsonNode environment : execution.input().path("environments")) {
                    environments.add(environment.path("name").asText());
                }
                String name = execution.name();
                reporters.put(name, new StageReporter(name, environments, line -> System.out.println("[" + name + "] " + line)));
            }
            StageReporter reporter = reporters.get(execution.name());
            if (reporter != null) {
                reporter.onEvent(execution, event);
            }
            if (event.type().startsWith("Execution") && !event.type().equals("ExecutionStarted")) {
                reporters.remove(execution.name());
                System.out.println("[" + execution.name() + "] " + ended(execution.stateMachineArn(), event.type()));
            }
        }
    }
}
