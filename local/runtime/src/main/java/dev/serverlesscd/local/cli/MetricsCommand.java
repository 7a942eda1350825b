package dev.serverlesscd.local.cli;

import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigException;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.metrics.MetricsReport;
import dev.serverlesscd.functions.metrics.Window;
import dev.serverlesscd.functions.pages.MetricFigures;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pipeline metrics}: the figures of the metrics page, from the same records and the same computation. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "The DORA metrics and the pipeline's own numbers per repository and environment over a window "
                + "(definitions in docs/metrics.md), as the metrics page shows them.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:printed", "2:a window it cannot read, or a configuration it cannot load"})
public final class MetricsCommand implements Callable<Integer> {

    @Option(names = "--repository", paramLabel = "OWNER/NAME", description = "Only this repository.")
    String repository;

    @Option(names = "--environment", paramLabel = "NAME", description = "Only this environment.")
    String environment;

    @Option(names = "--since", defaultValue = "30d", paramLabel = "30d|12w|48h",
            description = "The window, ending now (default ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--config", description = "The pipeline configuration (default: samples/pipeline-config.yml).")
    Path config;

    @Option(names = "--workspace", description = "The local state (default: .pipeline/ in the repository).")
    Path workspace;

    @Override
    public Integer call() {
        LocalState state = LocalState.at(workspace);
        Window window;
        PipelineConfig pipelineConfig;
        try {
            window = Window.since(since, Instant.now());
            pipelineConfig = PipelineConfigLoader.load(
                    config != null ? config : state.repositoryRoot().resolve("samples/pipeline-config.yml"));
        } catch (IllegalArgumentException | PipelineConfigException e) {
            System.err.println("metrics: " + e.getMessage());
            return 2;
        }
        try (Connection connection = Connection.open(state)) {
            print(System.out, connection.metrics(pipelineConfig).reports(window, repository, environment));
        }
        return 0;
    }

    /** The reports as text: one block per repository and environment, the figures worded as on the page. */
    static void print(PrintStream out, List<MetricsReport> reports) {
        if (reports.isEmpty()) {
            out.println("no repository and environment match");
        }
        for (MetricsReport report : reports) {
            MetricsReport.Dora d = report.dora();
            MetricsReport.PipelineNumbers p = report.pipeline();
            out.println(report.repository() + " " + report.environment() + "  (" + report.window().from() + " to "
                    + report.window().to() + ")");
            line(out, "deployment frequency", MetricFigures.deploymentFrequency(d));
            line(out, "change lead time", MetricFigures.leadTime(d));
            line(out, "change fail rate", MetricFigures.changeFailRate(d));
            line(out, "recovery time", MetricFigures.recoveryTime(d));
            line(out, "rework rate", MetricFigures.reworkRate(d));
            line(out, "run duration", MetricFigures.runDuration(p));
            line(out, "approval wait", MetricFigures.approvalWait(p));
            StringBuilder weeks = new StringBuilder();
            report.weeks().forEach(w -> weeks.append(weeks.length() == 0 ? "" : " ").append(w.deployments()));
            line(out, "deployments by week", weeks.toString());
            p.gateFailures().forEach(f -> line(out, "gate failures: " + f.stage(), f.runs() + " (latest: "
                    + f.latestReason() + ")"));
            out.println();
        }
    }

    private static void line(PrintStream out, String name, String value) {
        out.println(String.format("  %-24s %s", name, value));
    }
}
