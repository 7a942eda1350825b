package dev.serverlesscd.local.cli;

import dev.serverlesscd.functions.workflow.ExecutionNames;
import dev.serverlesscd.local.demo.DemoSession;
import dev.serverlesscd.local.demo.SampleSource;
import dev.serverlesscd.local.demo.SignedPush;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline push [--ref REF] [--source DIR]}: what a developer's {@code git push} to GitHub does, against a
 * running {@code pipeline local serve}: the sample (or {@code DIR}) is committed into the clone the server builds
 * {@code acme/orders-service} from, and a push delivery for that commit, signed with the server's webhook secret, is
 * posted to its webhook. The run then goes through the pipeline as the server shows; its approvals wait for
 * {@code pipeline approve}.
 */
@Command(name = "push", mixinStandardHelpOptions = true,
        header = "Commits the sample service and posts a signed push for it to the running `pipeline local serve`.",
        description = "Commits samples/orders-service (or --source DIR) into the clone `pipeline local serve` builds "
                + "acme/orders-service from, signs a GitHub push delivery for that commit with GITHUB_WEBHOOK_SECRET "
                + "(the server's) and posts it to the server's webhook. Prints the run id; the server shows the run's "
                + "stages, `pipeline approve RUN_ID --as EMAIL` answers its approvals.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
                "0:the webhook accepted the push (202): a run started",
                "1:the webhook answered otherwise (the answer is printed)",
                "2:no server is running, GITHUB_WEBHOOK_SECRET is not set, or the push cannot be made"})
public final class PushCommand implements Callable<Integer> {
    /** The sample service, relative to the repository root: what is committed unless --source says otherwise. */
    static final String SAMPLE = "samples/orders-service";
    /** The push delivery the signed push is made from (GitHub's shape, for acme/orders-service). */
    static final String PUSH_TEMPLATE = "samples/events/push-main.json";
    private static final String BRANCH_PREFIX = "refs/heads/";

    @Option(names = "--ref", paramLabel = "REF", defaultValue = "refs/heads/main",
            description = "The branch pushed to, refs/heads/NAME or NAME (default ${DEFAULT-VALUE}); the pipeline "
                    + "configuration routes it (samples/pipeline-config.yml: main is tier full, develop standard).")
    String ref;

    @Option(names = "--source", paramLabel = "DIR",
            description = "The directory to commit (default: samples/orders-service); its target/, reports/ and .git/ are left out.")
    Path source;

    @Option(names = "--workspace", description = "The local state (default: .pipeline/ in the repository).")
    Path workspace;

    /** Where the webhook secret is read from (the process environment; tests give their own). */
    Function<String, String> environment = System::getenv;

    @Override
    public Integer call() {
        LocalState state = LocalState.at(workspace);
        Optional<LocalState.Served> served = state.servedOrSay(LocalState.START_IT);
        if (served.isEmpty()) {
            return 2;
        }
        String secret = environment.apply("GITHUB_WEBHOOK_SECRET");
        if (secret == null || secret.isBlank()) {
            System.err.println("GITHUB_WEBHOOK_SECRET is not set: the push is signed with the secret the server verifies with");
            return 2;
        }
        Optional<String> branch = branch(ref);
        if (branch.isEmpty()) {
            System.err.println("--ref " + ref + ": push makes branch pushes only (refs/heads/NAME or NAME)");
            return 2;
        }
        Path content = source != null ? source : state.repositoryRoot().resolve(SAMPLE);
        if (!Files.isDirectory(content)) {
            System.err.println("--source " + content + ": not a directory");
            return 2;
        }
        Optional<Path> clone = servedClone(served.get(), state);
        if (clone.isEmpty()) {
            System.err.println("the running server builds " + DemoSession.CLONE_URL + " from "
                    + served.get().sources().getOrDefault(DemoSession.CLONE_URL, Path.of("nowhere"))
                    + ", not from its own clone " + state.sampleClone() + ": push does not commit into a directory it"
                    + " does not own; commit there yourself and post the push as samples/events/README.md shows");
            return 2;
        }
        if (content.toAbsolutePath().normalize().startsWith(clone.get().toAbsolutePath().normalize())) {
            System.err.println("--source " + content + ": is the server's clone itself, which push recreates for each commit");
            return 2;
        }
        return push(served.get(), state, content, clone.get(), branch.get(), secret);
    }

    private static int push(LocalState.Served served, LocalState state, Path content, Path clone, String branch,
                            String secret) {
        String commit = SampleSource.commit(content, clone, "Push of " + content.getFileName() + " from pipeline push at "
                + Instant.now(), branch, List.of());
        SignedPush push = SignedPush.of(state.repositoryRoot().resolve(PUSH_TEMPLATE), commit, secret, branch,
                SampleSource.parent(clone, commit));
        String runId = ExecutionNames.runId(push.deliveryId());
        System.out.println("push " + commit.substring(0, 7) + " to acme/orders-service@" + branch + ", delivery "
                + push.deliveryId());
        HttpResponse<String> answer = push.post(URI.create(served.http() + "/webhook"));
        System.out.println("webhook answered " + answer.statusCode() + " " + answer.body());
        if (answer.statusCode() != 202) {
            return 1;
        }
        System.out.println("run " + runId + " started: its stages show in the server's console;"
                + " ./pipeline runs show " + runId + "; ./pipeline approve " + runId + " --as EMAIL answers its approvals");
        return 0;
    }

    /** {@code refs/heads/NAME} or {@code NAME} as a branch name; empty for another kind of ref (a tag). */
    static Optional<String> branch(String ref) {
        if (ref.startsWith(BRANCH_PREFIX) && ref.length() > BRANCH_PREFIX.length()) {
            return Optional.of(ref.substring(BRANCH_PREFIX.length()));
        }
        if (ref.startsWith("refs/") || ref.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(ref);
    }

    /** The server's clone of the sample, if it is the runtime's own (push recreates it on every commit). */
    private static Optional<Path> servedClone(LocalState.Served served, LocalState state) {
        Map<String, Path> sources = served.sources();
        Path clone = sources.get(DemoSession.CLONE_URL);
        if (clone == null || !clone.toAbsolutePath().normalize().equals(state.sampleClone().toAbsolutePath().normalize())) {
            return Optional.empty();
        }
        return Optional.of(clone);
    }
}
