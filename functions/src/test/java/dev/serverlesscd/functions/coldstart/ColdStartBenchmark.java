package dev.serverlesscd.functions.coldstart;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.common.PipelineTable;
import dev.serverlesscd.functions.reports.Fixtures;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Cold start of each Lambda function as Lambda would see it without SnapStart: a fresh JVM with the function's jar,
 * from the JVM's start to its first handled event, beside a minimal handler making one DynamoDB call from the same
 * JDK (docs/benchmarks.md, "Cold start"). Not a test: a main class run by {@code functions/bench/coldstart.sh}.
 *
 * <p>Once, in this JVM: DynamoDB Local (server mode, in memory), one HTTP stub that answers Step Functions, Secrets
 * Manager, SES v2, CloudWatch's DescribeAlarms, GitHub's commit statuses and a health endpoint, and a Kubernetes API
 * server (Fabric8's CRUD mock) holding the sample's staging Deployment. Then per round, on a fresh table, the
 * functions in a run's order, each in its own JVM ({@link HandlerProbe}) with the environment a function has on AWS
 * plus the endpoints of these local services: webhook (a signed push of {@code main}), RunRecorder (start), Gate,
 * RequestApproval, the approval page (the link from the mail just sent), Deploy (staging), RolloutStatus, BakeCheck
 * (the first check of a bake period), Notify, then the other two ways a run starts: RunRequest (a manual run of
 * {@code main}) and Schedule (the sample's nightly schedule); and the minimal handler ({@link MinimalProbe})
 * on the SDK's jars alone and on the whole functions jar; and each function on a jar of only the classes it loaded.
 * Round 0 runs each function once with {@code -Xlog:class+load} (not counted) to find those classes.
 *
 * <p>Arguments: {@code <functions.jar> <java> <rounds> <sdk-classpath> <out-dir>}.
 */
public final class ColdStartBenchmark {
    static final String REGION = "eu-west-1";
    static final String HANDLERS = "dev.serverlesscd.functions.lambda.";
    static final List<String> FUNCTIONS = List.of("WebhookHandler", "RunRecorderHandler", "GateHandler",
            "ApprovalRequestHandler", "ApprovalHandler", "DeployHandler", "RolloutStatusHandler", "BakeCheckHandler",
            "NotifyHandler", "RunRequestHandler", "ScheduleHandler");
    static final String REPOSITORY = "acme/orders-service";
    static final String COMMIT = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
    static final String ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders";
    static final Map<String, String> SECRETS = Map.of(
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:webhook", "local-demo-secret",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:link-key", "a-link-signing-key-of-at-least-32-bytes!",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:github-token", "ghp_cold-start-benchmark");

    private final Path jar;
    private final String javaCommand;
    private final int rounds;
    private final List<Path> sdkJars;
    private final Path out;
    private final Stub stub = new Stub();
    private DynamoDbClient dynamo;
    private URI dynamoEndpoint;
    private KubernetesClient kube;
    private String kubeUrl;
    private Path reports;
    private Path probeDir;
    private final Map<String, List<Result>> results = new LinkedHashMap<>();
    private final Map<String, Integer> jarClasses = new LinkedHashMap<>();
    private final Map<String, Long> jarSizes = new LinkedHashMap<>();

    record Result(long first, long construct, long wall, int classes) {
    }

    private ColdStartBenchmark(Path jar, String java, int rounds, List<Path> sdkJars, Path out) {
        this.jar = jar;
        this.javaCommand = java;
        this.rounds = rounds;
        this.sdkJars = sdkJars;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        List<Path> sdk = Arrays.stream(args[3].split(":")).filter(s -> !s.isBlank()).map(Path::of).toList();
        new ColdStartBenchmark(Path.of(args[0]).toAbsolutePath(), args[1], Integer.parseInt(args[2]), sdk,
                Path.of(args[4]).toAbsolutePath()).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        reports = Files.createDirectories(out.resolve("reports"));
        probeDir = copyProbes(out.resolve("probe"));
        DynamoDBProxyServer server = startDynamoDb();
        KubernetesMockServer cluster = startCluster();
        try {
            Path minimalJar = mergeJars(sdkJars, out.resolve("minimal-sdk.jar"));
            jarSizes.put("functions.jar", Files.size(jar));
            jarSizes.put("minimal-sdk.jar", Files.size(minimalJar));
            System.out.printf("JVM %s, functions.jar %,d bytes, minimal-sdk.jar %,d bytes%n", version(),
                    Files.size(jar), Files.size(minimalJar));
            Map<String, Path> functionJars = new LinkedHashMap<>();
            for (int round = 0; round <= rounds; round++) {
                boolean discover = round == 0;
                Map<String, Path> logs = new HashMap<>();
                pipelineRound(round, (function, event, env) -> {
                    List<String> flags = new ArrayList<>();
                    if (discover) {
                        Path log = out.resolve("classload-" + function + ".log");
                        logs.put(function, log);
                        flags.add("-Xlog:class+load=info:file=" + log);
                    }
                    String answer = launch(discover ? null : function, classpath(jar), flags,
                            HandlerProbe.class.getName(), List.of(HANDLERS + function, event.toString()), env);
                    if (!discover && functionJars.containsKey(function)) {
                        try {
                            launch(function + " (own jar)", classpath(functionJars.get(function)), List.of(),
                                    HandlerProbe.class.getName(), List.of(HANDLERS + function, event.toString()), env);
                        } catch (IllegalStateException failed) {
                            // a class round 0 did not load was needed: counted, the round goes on
                            results.computeIfAbsent(function + " (own jar) FAILED", k -> new ArrayList<>())
                                    .add(new Result(0, 0, 0, 0));
                            System.out.println("  " + function + " (own jar) failed: see probes.stderr.log");
                        }
                    }
                    return answer;
                });
                Map<String, String> env = environment("cold-" + round);
                launch(discover ? null : "minimal, SDK jar only", classpath(minimalJar), List.of(),
                        MinimalProbe.class.getName(), List.of(), env);
                launch(discover ? null : "minimal, functions.jar", classpath(jar), List.of(),
                        MinimalProbe.class.getName(), List.of(), env);
                if (discover) {
                    for (String function : FUNCTIONS) {
                        Set<String> classes = loadedFromJar(logs.get(function));
                        jarClasses.put(function, classes.size());
                        Path own = trimJar(classes, out.resolve("jars").resolve(function + ".jar"));
                        functionJars.put(function, own);
                        jarSizes.put(function + ".jar", Files.size(own));
                    }
                    System.out.println("classes each function loads from functions.jar: " + jarClasses);
                    System.out.println("per-function jar sizes: " + jarSizes);
                }
                System.out.printf("round %d done%n", round);
            }
            summary();
        } finally {
            cluster.destroy();
            server.stop();
            stub.close();
        }
    }

    interface Invocation {
        String invoke(String function, Path event, Map<String, String> env) throws Exception;
    }

    /** One run's functions in the state machine's order, on a fresh table, each event built from the last answers. */
    private void pipelineRound(int round, Invocation invoke) throws Exception {
        String table = "cold-" + round;
        PipelineTable.create(dynamo, table);
        Map<String, String> env = environment(table);
        Path events = Files.createDirectories(out.resolve("events").resolve(Integer.toString(round)));

        String delivery = UUID.randomUUID().toString();
        Path push = Path.of("samples/events/push-main.json");
        StringBuilder request = new StringBuilder("POST\n");
        for (String line : Files.readAllLines(Path.of("samples/events/push-main.headers"))) {
            if (!line.isBlank()) {
                request.append("h ").append(line.startsWith("X-GitHub-Delivery:") ? "X-GitHub-Delivery: " + delivery
                        : line).append('\n');
            }
        }
        Path webhookEvent = write(events.resolve("webhook.txt"), request + "\n" + Files.readString(push));
        String webhook = invoke.invoke("WebhookHandler", webhookEvent, env);
        String runId = field(webhook, "runId");

        String run = """
                {"runId": "%s", "deliveryId": "%s", "repository": "%s",
                 "cloneUrl": "https://github.com/acme/orders-service.git", "event": "push", "ref": "refs/heads/main",
                 "branch": "main", "defaultBranch": "main", "tag": null, "commit": "%s", "author": "octocat",
                 "version": "main-6113728", "tier": "full", "deploy": true,
                 "environments": [%s, %s]}""".formatted(runId, delivery, REPOSITORY, COMMIT, STAGING, PRODUCTION);
        invoke.invoke("RunRecorderHandler", write(events.resolve("record-start.json"), """
                {"action": "start", "executionArn": "arn:aws:states:eu-west-1:123456789012:execution:pipeline:%s",
                 "run": %s}""".formatted(runId, run)), env);

        Fixtures.copyTo(reports, runId, "test", "passing");
        Fixtures.copyTo(reports, runId, "scan", "scan-clean");
        Fixtures.copyTo(reports, runId, "lint", "lint-clean");
        invoke.invoke("GateHandler", write(events.resolve("gates.json"), """
                {"runId": "%s", "tier": "full", "repository": "%s", "commit": "%s", "branch": "main",
                 "defaultBranch": "main",
                 "checks": [{"stage": "test", "status": "SUCCEEDED", "buildId": "orders-test:1f0e"},
                            {"stage": "scan", "status": "SUCCEEDED", "buildId": "orders-scan:2a7c"},
                            {"stage": "lint", "status": "SUCCEEDED", "buildId": "orders-lint:9b1d"}]}"""
                .formatted(runId, REPOSITORY, COMMIT)), env);

        String digest = "sha256:" + String.format("%064x", round + 1L);
        int mails = stub.mails.size();
        invoke.invoke("ApprovalRequestHandler", write(events.resolve("request-approval.json"), """
                {"taskToken": "task-token-%s", "runId": "%s", "repository": "%s", "commit": "%s",
                 "author": "octocat", "version": "main-6113728", "environment": %s,
                 "image": {"imageUri": "%s:main-6113728", "digest": "%s"},
                 "gate": {"verdict": "PASS", "stages": [], "reasons": [], "warnings": []}}"""
                .formatted(runId, runId, REPOSITORY, COMMIT, PRODUCTION, ECR, digest)), env);
        String mail = stub.mails.size() > mails ? stub.mails.get(stub.mails.size() - 1) : "";
        StringBuilder page = new StringBuilder("GET\n");
        approvalLink(mail).forEach((name, value) -> page.append("q ").append(name).append('=').append(value).append('\n'));
        invoke.invoke("ApprovalHandler", write(events.resolve("approval-page.txt"), page + "\n"), env);

        String deployed = invoke.invoke("DeployHandler", write(events.resolve("deploy.json"), """
                {"action": "deploy", "runId": "%s", "repository": "%s", "environment": %s,
                 "image": {"imageUri": "%s:main-6113728", "digest": "%s"},
                 "commit": "%s", "version": "main-6113728"}""".formatted(runId, REPOSITORY, STAGING, ECR, digest,
                COMMIT)), env);
        String generation = field(deployed, "generation");
        invoke.invoke("RolloutStatusHandler", write(events.resolve("rollout.json"), """
                {"action": "rollout", "namespace": "orders-staging", "deployment": "orders", "generation": %s}"""
                .formatted(generation == null ? "null" : generation)), env);

        invoke.invoke("BakeCheckHandler", write(events.resolve("bake-check.json"), """
                {"environment": %s, "progress": null}""".formatted(baking(stub.url()))), env);

        invoke.invoke("NotifyHandler", write(events.resolve("notify.json"), """
                {"runId": "%s", "status": "SUCCEEDED", "error": null, "cause": null, "repository": "%s",
                 "commit": "%s", "author": "octocat@example.com"}""".formatted(runId, REPOSITORY, COMMIT)), env);

        invoke.invoke("RunRequestHandler", write(events.resolve("run-request.txt"), """
                POST
                h Content-Type: application/json
                h X-Requested-By: arn:aws:iam::123456789012:user/release-manager

                {"repository": "%s", "ref": "main", "commit": "%s", "idempotencyKey": "cold-%d"}"""
                .formatted(REPOSITORY, COMMIT, round)), env);

        invoke.invoke("ScheduleHandler", write(events.resolve("schedule.json"), """
                {"repository": "%s", "schedule": "nightly", "scheduledTime": "2026-12-%02dT02:00:00Z"}"""
                .formatted(REPOSITORY, round + 1)), env);
    }

    /** Production with a bake period: one alarm (DescribeAlarms on the stub) and a probe of the stub's /health. */
    static String baking(String stubUrl) {
        return """
                {"name": "production", "namespace": "orders-production", "deployment": "orders", "container": "orders",
                 "healthPath": "/health", "requiredApprovals": 1, "approvers": ["lead@example.com"],
                 "bake": {"durationSeconds": 600, "intervalSeconds": 60, "alarms": ["orders-5xx"],
                          "probe": {"path": null, "url": "%s/health", "requests": 5, "maxErrorRatePercent": 1.0,
                                    "maxLatencyMs": 200, "latencyPercentile": 99}}}""".formatted(stubUrl);
    }

    static final String STAGING = """
            {"name": "staging", "namespace": "orders-staging", "deployment": "orders", "container": "orders",
             "healthPath": "/health", "requiredApprovals": 0, "approvers": []}""";
    static final String PRODUCTION = """
            {"name": "production", "namespace": "orders-production", "deployment": "orders", "container": "orders",
             "healthPath": "/health", "requiredApprovals": 1, "approvers": ["lead@example.com"]}""";

    /** What a function's environment holds on AWS (every function's variables: ports are built lazily), pointed here. */
    private Map<String, String> environment(String table) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("LANG", "C.UTF-8");
        env.put("AWS_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoEndpoint.toString());
        env.put("AWS_ENDPOINT_URL_SFN", stub.url());
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", stub.url());
        env.put("AWS_ENDPOINT_URL_SESV2", stub.url());
        env.put("AWS_ENDPOINT_URL_CLOUDWATCH", stub.url());
        env.put("TABLE_NAME", table);
        env.put("STATE_MACHINE_ARN", "arn:aws:states:eu-west-1:123456789012:stateMachine:pipeline");
        env.put("GITHUB_WEBHOOK_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:webhook");
        env.put("PIPELINE_CONFIG", Files.readString(Path.of("samples/pipeline-config.yml")));
        env.put("SENDER_EMAIL", "pipeline@example.com");
        env.put("NOTIFY_EMAILS", "team@example.com");
        env.put("APPROVAL_BASE_URL", "https://ci.example.com/approvals");
        env.put("LINK_SIGNING_KEY_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:link-key");
        env.put("GITHUB_TOKEN_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:github-token");
        env.put("GITHUB_API_URL", stub.url());
        env.put("RUN_LINK_BASE_URL", "https://ci.example.com/runs/{runId}");
        env.put("KUBE_MASTER_URL", kubeUrl);
        env.put("REPORTS_DIR", reports.toString());
        return env;
    }

    /** A fresh JVM: the probe's line, recorded under {@code label} (null: not counted); the probe's answer. */
    private String launch(String label, String classpath, List<String> flags, String main, List<String> args,
                          Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaCommand));
        command.addAll(flags);
        command.addAll(List.of("-cp", classpath, main));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.appendTo(out.resolve("probes.stderr.log").toFile()));
        builder.environment().clear();
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process process = builder.start();
        String line = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String read; (read = reader.readLine()) != null; ) {
                if (read.startsWith(Probes.PREFIX)) {
                    line = read;
                    break;
                }
                all.append(read).append('\n');
            }
        }
        long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        if (line == null) {
            throw new IllegalStateException(label + " printed no result (exit " + process.exitValue() + "): " + all
                    + " (see " + out.resolve("probes.stderr.log") + ")");
        }
        Matcher m = Pattern.compile("construct=(\\d+) first=(\\d+) classes=(\\d+) answer=(.*)").matcher(line);
        if (!m.find()) {
            throw new IllegalStateException("unreadable: " + line);
        }
        String answer = m.group(4);
        if (label != null) {
            results.computeIfAbsent(label, k -> new ArrayList<>()).add(new Result(Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(1)), wall, Integer.parseInt(m.group(3))));
        }
        System.out.printf("  %-32s first %5s ms  wall %5d ms  classes %s  %s%n", label == null ? "(discovery)" : label,
                m.group(2), wall, m.group(3), answer.length() > 110 ? answer.substring(0, 110) + "…" : answer);
        return answer;
    }

    private String classpath(Path jarFile) {
        return jarFile + ":" + probeDir;
    }

    private void summary() throws IOException {
        StringBuilder table = new StringBuilder("| what | median ms | min | p90 | max | wall median ms | classes loaded |\n"
                + "|---|---|---|---|---|---|---|\n");
        results.forEach((label, list) -> {
            long[] first = list.stream().mapToLong(Result::first).sorted().toArray();
            long[] wall = list.stream().mapToLong(Result::wall).sorted().toArray();
            int[] classes = list.stream().mapToInt(Result::classes).sorted().toArray();
            table.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d |%n", label,
                    median(first), first[0], first[(int) Math.ceil(0.9 * first.length) - 1], first[first.length - 1],
                    median(wall), classes[classes.length / 2]));
        });
        table.append("\nclasses loaded from functions.jar (round 0, -Xlog:class+load): ").append(jarClasses)
                .append("\njar sizes (bytes): ").append(jarSizes).append('\n');
        System.out.println("\nRESULTS (" + version() + ", " + rounds + " fresh JVMs each)\n" + table);
        Files.writeString(out.resolve("results.md"), table);
    }

    private static long median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : Math.round((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0);
    }

    private String version() {
        try {
            Process p = new ProcessBuilder(javaCommand, "-version").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return text.lines().skip(1).findFirst().orElse(text).trim();
        } catch (IOException | InterruptedException e) {
            return javaCommand;
        }
    }

    // ---- the local services

    private DynamoDBProxyServer startDynamoDb() throws Exception {
        int port = freePort();
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[] {
                "-port", Integer.toString(port), "-inMemory", "-sharedDb", "-disableTelemetry"});
        server.start();
        dynamoEndpoint = URI.create("http://127.0.0.1:" + port);
        dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.builder().build())
                .endpointOverride(dynamoEndpoint).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
        return server;
    }

    private KubernetesMockServer startCluster() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        kube = server.createClient();
        kubeUrl = kube.getConfiguration().getMasterUrl();
        kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("orders-staging").endMetadata()
                .build()).create();
        kube.apps().deployments().inNamespace("orders-staging").resource(new DeploymentBuilder()
                .withNewMetadata().withNamespace("orders-staging").withName("orders").endMetadata()
                .withNewSpec().withReplicas(2)
                .withNewSelector().addToMatchLabels("app", "orders").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "orders").endMetadata()
                .withNewSpec().addNewContainer().withName("orders").withImage(ECR + "@sha256:" + "a".repeat(64))
                .endContainer().endSpec().endTemplate().endSpec().build()).create();
        return server;
    }

    /**
     * Step Functions, Secrets Manager, SES v2, CloudWatch's DescribeAlarms (query protocol: the alarm is OK), GitHub's
     * commit statuses and a health endpoint (200) on one port, each answered as on AWS.
     */
    static final class Stub implements AutoCloseable {
        final List<String> mails = new ArrayList<>();
        private final HttpServer server;

        Stub() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", this::serve);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private synchronized void serve(HttpExchange exchange) throws IOException {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String path = exchange.getRequestURI().getPath();
            int status = 200;
            String type = "application/x-amz-json-1.0";
            String answer;
            if (target != null && target.startsWith("AWSStepFunctions.")) {
                String operation = target.substring(target.indexOf('.') + 1);
                answer = switch (operation) {
                    case "StartExecution" -> "{\"executionArn\":\"arn:aws:states:eu-west-1:123456789012:execution:pipeline:"
                            + Json.MAPPER.readTree(body).path("name").asText() + "\",\"startDate\":"
                            + System.currentTimeMillis() / 1000.0 + "}";
                    case "StopExecution" -> "{\"stopDate\":" + System.currentTimeMillis() / 1000.0 + "}";
                    default -> "{}";
                };
            } else if (target != null && target.startsWith("secretsmanager.")) {
                type = "application/x-amz-json-1.1";
                String id = Json.MAPPER.readTree(body).path("SecretId").asText();
                String secret = SECRETS.get(id);
                if (secret == null) {
                    status = 400;
                    answer = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"no secret " + id + "\"}";
                    exchange.getResponseHeaders().add("x-amzn-ErrorType", "ResourceNotFoundException");
                } else {
                    answer = Json.MAPPER.writeValueAsString(Map.of("ARN", id, "Name", id, "SecretString", secret,
                            "VersionId", "v1"));
                }
            } else if (body.startsWith("Action=DescribeAlarms")) {
                type = "text/xml";
                answer = """
                        <DescribeAlarmsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
                          <DescribeAlarmsResult>
                            <MetricAlarms><member><AlarmName>orders-5xx</AlarmName><StateValue>OK</StateValue>
                              <StateReason>Threshold Crossed: no datapoint was greater than the threshold</StateReason>
                            </member></MetricAlarms>
                            <CompositeAlarms/>
                          </DescribeAlarmsResult>
                          <ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>
                        </DescribeAlarmsResponse>""".formatted(UUID.randomUUID());
            } else if (path.equals("/health")) {
                type = "text/plain";
                answer = "ok";
            } else if (path.startsWith("/v2/email/outbound-emails")) {
                type = "application/json";
                mails.add(body);
                answer = "{\"MessageId\":\"" + UUID.randomUUID() + "\"}";
            } else if (path.startsWith("/repos/")) {
                type = "application/json";
                status = 201;
                answer = "{\"id\":1,\"state\":\"pending\"}";
            } else {
                status = 404;
                type = "application/json";
                answer = "{\"message\":\"not stubbed: " + exchange.getRequestMethod() + " " + path + "\"}";
                System.err.println("stub: not stubbed " + exchange.getRequestMethod() + " " + path + " " + target);
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(bytes);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    // ---- jars

    /** Copies the probes' classes (and only those) to a directory of their own, the probes' classpath entry. */
    private static Path copyProbes(Path dir) throws IOException {
        Path target = Files.createDirectories(dir.resolve("dev/serverlesscd/functions/coldstart"));
        for (Class<?> probe : List.of(Probes.class, HandlerProbe.class, MinimalProbe.class)) {
            String name = probe.getSimpleName() + ".class";
            try (InputStream in = probe.getResourceAsStream(name)) {
                Files.write(target.resolve(name), in.readAllBytes());
            }
        }
        return dir;
    }

    /** The classes a JVM loaded from functions.jar, read from its {@code -Xlog:class+load} file. */
    private Set<String> loadedFromJar(Path log) throws IOException {
        Pattern line = Pattern.compile("\\]\\s(\\S+) source: (?:jar:)?file:(\\S*)");
        Set<String> classes = new LinkedHashSet<>();
        for (String text : Files.readAllLines(log)) {
            Matcher m = line.matcher(text);
            if (m.find() && m.group(2).endsWith("functions.jar")) {
                classes.add(m.group(1).replace('.', '/') + ".class");
            }
        }
        return classes;
    }

    /** functions.jar with only {@code classes} of its classes (every resource kept): a per-function jar. */
    private Path trimJar(Set<String> classes, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (ZipFile source = new ZipFile(jar.toFile());
             ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry entry : Collections.list(source.entries())) {
                if (entry.isDirectory() || (entry.getName().endsWith(".class") && !classes.contains(entry.getName()))) {
                    continue;
                }
                zip.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream in = source.getInputStream(entry)) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        return target;
    }

    /** The SDK's jars as one jar, as the shade plugin would merge them (service files concatenated). */
    private static Path mergeJars(List<Path> jars, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Map<String, StringBuilder> services = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            for (Path path : jars) {
                try (ZipFile source = new ZipFile(path.toFile())) {
                    for (ZipEntry entry : Collections.list(source.entries())) {
                        String name = entry.getName();
                        if (entry.isDirectory() || name.equals("module-info.class") || name.endsWith(".SF")
                                || name.endsWith(".RSA") || name.endsWith(".DSA")) {
                            continue;
                        }
                        if (name.startsWith("META-INF/services/")) {
                            try (InputStream in = source.getInputStream(entry)) {
                                services.computeIfAbsent(name, k -> new StringBuilder())
                                        .append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
                            }
                            continue;
                        }
                        if (!seen.add(name)) {
                            continue;
                        }
                        zip.putNextEntry(new ZipEntry(name));
                        try (InputStream in = source.getInputStream(entry)) {
                            in.transferTo(zip);
                        }
                        zip.closeEntry();
                    }
                }
            }
            for (Map.Entry<String, StringBuilder> service : services.entrySet()) {
                zip.putNextEntry(new ZipEntry(service.getKey()));
                zip.write(service.getValue().toString().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return target;
    }

    // ---- small helpers

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text);
    }

    /** A top-level field of a JSON answer (the HTTP handlers' answers start with their status). */
    private static String field(String answer, String name) throws IOException {
        String json = answer.substring(answer.indexOf('{'));
        JsonNode node = Json.MAPPER.readTree(json).get(name);
        return node == null || node.isNull() ? null : node.asText();
    }

    /** The approval link's query parameters, from the SES request that mailed it. */
    private static Map<String, String> approvalLink(String mail) {
        String text = mail.replace("\\u0026", "&").replace("&amp;", "&");
        Matcher m = Pattern.compile("https://ci\\.example\\.com/approvals\\?([^\\s\"<>\\\\]+)").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no approval link in the mail: " + mail);
        }
        return Arrays.stream(m.group(1).split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8),
                        (a, b) -> a, LinkedHashMap::new));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
