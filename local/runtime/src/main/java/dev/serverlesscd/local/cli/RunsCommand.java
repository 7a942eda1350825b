package dev.serverlesscd.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.common.Printable;
import dev.serverlesscd.functions.gate.BuildFailure;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.StageRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pipeline runs list|show}: the runs recorded in DynamoDB Local. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "Lists runs, or shows one, from the local store.",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.ShowRun.class})
public final class RunsCommand implements Runnable {

    @Override
    public void run() {
        new ListRuns().call();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The most recent runs, newest first.")
    static final class ListRuns implements Callable<Integer> {
        @Option(names = "--limit", defaultValue = "20", description = "How many (default ${DEFAULT-VALUE}).")
        int limit = 20;

        @Option(names = "--workspace", description = "The local state (default: .pipeline/ in the repository).")
        Path workspace;

        @Override
        public Integer call() {
            try (Connection connection = Connection.open(LocalState.at(workspace))) {
                List<Run> runs = connection.runs().recent(limit);
                // stdout is the table, header first, so scripts can read it; the hint goes to stderr
                System.out.println(String.format("%-46s %-12s %-22s %-24s %-8s %-9s %s",
                        "run", "status", "repository", "ref", "commit", "tier", "created"));
                if (runs.isEmpty()) {
                    System.err.println("no runs recorded yet: ./pipeline demo, or POST a push to ./pipeline local serve");
                }
                for (Run run : runs) {
                    System.out.println(String.format("%-46s %-12s %-22s %-24s %-8s %-9s %s", p(run.runId()), run.status(),
                            p(run.repository()), p(run.ref()), p(shortSha(run.commit())), p(run.tier()), run.createdAt()));
                }
                return 0;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One run: its record, stages and summary.")
    static final class ShowRun implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run id (run-<delivery id>).")
        String runId;

        @Option(names = "--workspace", description = "The local state (default: .pipeline/ in the repository).")
        Path workspace;

        @Override
        public Integer call() throws IOException {
            try (Connection connection = Connection.open(LocalState.at(workspace))) {
                Optional<Run> found = connection.runs().find(runId);
                if (found.isEmpty()) {
                    System.err.println("no run " + runId + " in the local store (./pipeline runs list shows the runs)");
                    return 1;
                }
                Run run = found.get();
                System.out.println("run         " + p(run.runId()));
                System.out.println("status      " + run.status() + (run.error() == null ? "" : " (" + p(run.error()) + ")"));
                if (run.cause() != null) {
                    List<String> lines = causeLines(run.cause());
                    System.out.println("cause       " + p(lines.get(0)));
                    lines.subList(1, lines.size()).forEach(line -> System.out.println("            " + p(line)));
                }
                System.out.println("repository  " + p(run.repository()) + " " + p(run.ref()) + " at " + p(run.commit()));
                System.out.println("author      " + p(run.author()));
                System.out.println("tier        " + p(run.tier()) + ", environments "
                        + p(run.environments().stream().map(e -> e.name()).toList().toString()));
                System.out.println("execution   " + p(run.executionArn()));
                System.out.println("created     " + run.createdAt() + ", updated " + run.updatedAt());
                System.out.println("stages:");
                for (StageRecord stage : connection.runs().stages(runId)) {
                    System.out.println(String.format("  %-10s %-8s %s", p(stage.stage()), p(stage.status()), p(stage.summary())));
                }
                if (run.summary() != null && !run.summary().isNull()) {
                    System.out.println("summary:");
                    // JSON escapes control characters in its strings; what it keeps (bidi controls) is escaped line by line
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(readable(run.summary())).lines()
                            .forEach(line -> System.out.println(p(line)));
                }
                return 0;
            }
        }
    }

    /**
     * A cause as a reader wants it: a failed build's document (the {@code .sync} integration's cause) as its failing
     * phase, CodeBuild's reason and the last lines of its log, one per line; any other cause as it is.
     */
    static List<String> causeLines(String cause) {
        return BuildFailure.parse(cause).map(BuildFailure::lines).orElse(List.of(cause));
    }

    /** The run's summary with each check's build document cause replaced by its one line ({@link BuildFailure}). */
    static JsonNode readable(JsonNode summary) {
        JsonNode copy = summary.deepCopy();
        JsonNode checks = copy.path("checks");
        if (checks.isArray()) {
            for (JsonNode check : checks) {
                if (check instanceof ObjectNode object && check.path("cause").isTextual()) {
                    BuildFailure.parse(check.path("cause").asText())
                            .ifPresent(failure -> object.put("cause", "the build " + failure.oneLine()));
                }
            }
        }
        return copy;
    }

    /** A stored value as it may be printed: what a delivery brought may hold escape sequences ({@link Printable}). */
    static String p(String value) {
        return Printable.orElse(value, "null");
    }

    static String shortSha(String sha) {
        return sha == null ? "" : sha.substring(0, Math.min(7, sha.length()));
    }
}
