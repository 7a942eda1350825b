package dev.serverlesscd.functions.publish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.gate.Baseline;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pull request's one comment, in Markdown, from a run's records: its outcome, each gate's verdict with its
 * numbers (tests, coverage, findings by severity: the stage's summary), coverage against the base branch's baseline,
 * a table of the benchmarks with their change in %, the image's size against the baseline's, the reasons and
 * warnings, and the link to the run. It starts with {@link #MARKER}, which is how the next run of the same pull
 * request finds it to edit it in place.
 *
 * <p>A fork's pull request gets what the fork's run may see: its own checks and their numbers, no link to the
 * pipeline's pages and nothing of images or environments.
 */
public final class PullRequestComment {
    public static final String MARKER = "<!-- serverless-cd:pull-request -->";
    private static final Pattern PULL_REQUEST_REF = Pattern.compile("refs/pull/(\\d+)/(head|merge)");

    /** What the comment is built from: the stored run, its outcome, the finish's summary, the baselines, the link. */
    public record Input(Run run, RunStatus status, JsonNode summary, Map<Baseline.Kind, Baseline> baselines,
                        Optional<String> runLink, boolean fork, Instant at) {
        public Input {
            baselines = baselines == null ? Map.of() : Map.copyOf(baselines);
            runLink = runLink == null ? Optional.empty() : runLink;
        }
    }

    private PullRequestComment() {
    }

    /** The pull request's number of a run of {@code refs/pull/<n>/head}; empty for any other run. */
    public static Optional<Integer> pullRequestNumber(Run run) {
        if (run == null || run.ref() == null) {
            return Optional.empty();
        }
        Matcher m = PULL_REQUEST_REF.matcher(run.ref());
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    public static String markdown(Input in) {
        Run run = in.run();
        JsonNode summary = in.summary() == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : in.summary();
        StringBuilder md = new StringBuilder(MARKER).append('\n');
        md.append("### ").append(icon(in.status())).append(" serverless-cd: ").append(outcome(in.status())).append('\n');
        md.append('\n').append("Run `").append(run.runId()).append("` of `").append(shortSha(run.commit())).append('`');
        if (run.tier() != null) {
            md.append(" · tier `").append(run.tier()).append('`');
        }
        if (!in.fork()) {
            in.runLink().ifPresent(link -> md.append(" · [the run](").append(link).append(')'));
        }
        md.append('\n');
        if (in.fork()) {
            md.append("\n_From a fork: the checks ran without secrets; this comment shows what they measured._\n");
        }
        if (in.status() != RunStatus.SUCCEEDED) {
            Optional.ofNullable(run.cause()).filter(c -> !c.isBlank()).or(() -> Optional.ofNullable(run.error()))
                    .ifPresent(cause -> md.append("\n> ").append(oneLine(cause)).append('\n'));
        }
        List<JsonNode> stages = new ArrayList<>();
        summary.path("gate").path("stages").forEach(stages::add);
        if (!in.fork()) {
            summary.path("imageGate").path("stages").forEach(stages::add);
        }
        if (stages.isEmpty()) {
            md.append("\nThe gates did not judge this run (it ended before them).\n");
        } else {
            md.append("\n| gate | verdict | numbers |\n|---|---|---|\n");
            for (JsonNode stage : stages) {
                String verdict = stage.path("verdict").asText("?");
                md.append("| ").append(stage.path("stage").asText()).append(" | ").append(verdictIcon(verdict))
                        .append(' ').append(verdict).append(" | ").append(cell(stage.path("summary").asText(""))).append(" |\n");
            }
        }
        Map<Baseline.Kind, JsonNode> measured = measured(summary, in.fork());
        String base = run.defaultBranch() == null ? "the default branch" : run.defaultBranch();
        coverage(md, measured.get(Baseline.Kind.COVERAGE), in.baselines().get(Baseline.Kind.COVERAGE), base);
        benchmarks(md, measured.get(Baseline.Kind.BENCHMARK), in.baselines().get(Baseline.Kind.BENCHMARK), base);
        image(md, measured.get(Baseline.Kind.IMAGE), in.baselines().get(Baseline.Kind.IMAGE), base);
        List<String> reasons = new ArrayList<>();
        summary.path("gate").path("reasons").forEach(r -> reasons.add(r.asText()));
        List<String> warnings = new ArrayList<>();
        summary.path("gate").path("warnings").forEach(w -> warnings.add(w.asText()));
        list(md, "Why it failed", reasons);
        list(md, "Warnings", warnings);
        md.append("\n<sub>Updated ").append(in.at()).append(" by run ").append(run.runId())
                .append("; each new run of this pull request edits this comment.</sub>\n");
        return md.toString();
    }

    private static Map<Baseline.Kind, JsonNode> measured(JsonNode summary, boolean fork) {
        Map<Baseline.Kind, JsonNode> measured = new TreeMap<>();
        List<JsonNode> all = new ArrayList<>();
        summary.path("gate").path("measured").forEach(all::add);
        if (!fork) {
            summary.path("imageGate").path("measured").forEach(all::add);
        }
        for (JsonNode m : all) {
            try {
                measured.put(Baseline.Kind.valueOf(m.path("kind").asText()), m);
            } catch (IllegalArgumentException unknown) {
                // a kind this version does not know: left out
            }
        }
        return measured;
    }

    private static void coverage(StringBuilder md, JsonNode measured, Baseline baseline, String base) {
        if (measured == null || !measured.path("values").has(Baseline.LINE_COVERAGE)) {
            return;
        }
        double now = measured.path("values").path(Baseline.LINE_COVERAGE).asDouble();
        md.append("\n**Coverage** ").append(String.format(Locale.ROOT, "%.1f%%", now));
        Double then = baseline == null ? null : baseline.values().get(Baseline.LINE_COVERAGE);
        if (then != null) {
            md.append(String.format(Locale.ROOT, " (%s: %.1f%%, %+.1f points)", base, then, now - then));
        } else {
            md.append(" (no baseline of ").append(base).append(" yet)");
        }
        md.append('\n');
    }

    private static void benchmarks(StringBuilder md, JsonNode measured, Baseline baseline, String base) {
        if (measured == null || measured.path("values").isEmpty()) {
            return;
        }
        md.append("\n**Benchmarks** against ").append(baseline == null ? base + " (no baseline yet)" : baseline.source())
                .append("\n\n| benchmark | this run | ").append(base).append(" | change |\n|---|---:|---:|---:|\n");
        List<String> names = new ArrayList<>();
        measured.path("values").fieldNames().forEachRemaining(names::add);
        names.sort(null);
        for (String name : names) {
            double now = measured.path("values").path(name).asDouble();
            String unit = measured.path("units").path(name).asText("");
            Double then = baseline == null ? null : baseline.values().get(name);
            md.append("| `").append(cell(name)).append("` | ").append(number(now)).append(' ').append(unit).append(" | ");
            if (then == null) {
                md.append("– | new |\n");
            } else {
                md.append(number(then)).append(' ').append(unit).append(" | ").append(change(now, then, unit)).append(" |\n");
            }
        }
    }

    private static void image(StringBuilder md, JsonNode measured, Baseline baseline, String base) {
        if (measured == null || !measured.path("values").has(Baseline.SIZE_BYTES)) {
            return;
        }
        double now = measured.path("values").path(Baseline.SIZE_BYTES).asDouble();
        md.append("\n**Image** ").append(size(now));
        Double then = baseline == null ? null : baseline.values().get(Baseline.SIZE_BYTES);
        if (then != null) {
            double delta = now - then;
            md.append(" (").append(base).append(": ").append(size(then)).append(", ").append(delta >= 0 ? "+" : "−")
                    .append(size(Math.abs(delta))).append(')');
        }
        md.append('\n');
    }

    /** The change in %, and whether it is better: throughput ({@code ops/s}) higher, time per operation lower. */
    static String change(double now, double then, String unit) {
        if (then == 0) {
            return "–";
        }
        double percent = (now - then) / then * 100;
        boolean higherIsBetter = unit.contains("ops/");
        String direction = Math.abs(percent) < 0.05 ? "" : (percent > 0) == higherIsBetter ? " faster" : " slower";
        return String.format(Locale.ROOT, "%+.1f%%%s", percent, direction);
    }

    private static void list(StringBuilder md, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        md.append("\n**").append(title).append("**\n\n");
        items.forEach(item -> md.append("- ").append(oneLine(item)).append('\n'));
    }

    static String size(double bytes) {
        if (bytes >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024 * 1024));
        }
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1024);
    }

    private static String number(double value) {
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String cell(String text) {
        return oneLine(text).replace("|", "\\|");
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > 400 ? line.substring(0, 399) + "…" : line;
    }

    private static String shortSha(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(7, sha.length()));
    }

    private static String outcome(RunStatus status) {
        return switch (status) {
            case SUCCEEDED -> "passed";
            case FAILED -> "failed";
            case REJECTED -> "rejected";
            case ROLLED_BACK -> "rolled back";
            case TIMED_OUT -> "timed out";
            case SUPERSEDED -> "superseded by a newer push";
            case ABORTED -> "aborted (the runtime stopped while it ran)";
            case RECEIVED, RUNNING -> "running";
        };
    }

    private static String icon(RunStatus status) {
        return status == RunStatus.SUCCEEDED ? "✅" : status == RunStatus.SUPERSEDED ? "⏭️" : "❌";
    }

    private static String verdictIcon(String verdict) {
        return switch (verdict) {
            case "PASS" -> "✅";
            case "WARN" -> "⚠️";
            default -> "❌";
        };
    }
}
