package dev.serverlesscd.functions.pages;

import static dev.serverlesscd.functions.common.Html.escape;

import dev.serverlesscd.functions.approval.Approval;
import dev.serverlesscd.functions.approval.DecisionRecord;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.RepositoryConfig;
import dev.serverlesscd.functions.deploy.DeploymentRecord;
import dev.serverlesscd.functions.deploy.DeploymentStatus;
import dev.serverlesscd.functions.metrics.MetricsReport;
import dev.serverlesscd.functions.pages.PageModels.ApprovalView;
import dev.serverlesscd.functions.pages.PageModels.BuildLog;
import dev.serverlesscd.functions.pages.PageModels.EnvironmentView;
import dev.serverlesscd.functions.pages.PageModels.RunDetail;
import dev.serverlesscd.functions.pages.PageModels.RunList;
import dev.serverlesscd.functions.pages.PageModels.RunRow;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.run.StageRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pages' HTML, rendered on the server: runs, one run, environments, metrics. Every value printed goes through
 * {@link dev.serverlesscd.functions.common.Html#escape}; statuses are words with a symbol, colour only adds to
 * them; tables scroll sideways on a phone. The one script, {@code /pages.js}, is served apart (the policy allows
 * no inline script).
 */
public final class PageViews {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final String STYLE = """
            :root{color-scheme:light dark}
            body{font-family:system-ui,sans-serif;margin:0;line-height:1.4}
            header{padding:.5em 1em;border-bottom:1px solid #8884}
            header a{margin-right:1em}
            main{padding:0 1em 2em;max-width:70em}
            .scroll{overflow-x:auto}
            table{border-collapse:collapse;margin:.5em 0}
            th,td{text-align:left;padding:.25em .6em;border-bottom:1px solid #8883;vertical-align:top}
            code{font-size:.9em;word-break:break-all}
            form.filters label{display:inline-block;margin:0 1em .5em 0}
            .s-ok{color:#17803d}.s-bad{color:#c0262d}.s-run{color:#9a6700}
            .timeline{margin:.5em 0 1em;max-width:50em}
            .lane{display:flex;align-items:center;gap:.5em;margin:.2em 0}
            .lane .name{width:9em;flex:none;overflow:hidden;text-overflow:ellipsis}
            .lane .track{position:relative;flex:1;height:1.3em;border:1px solid #8884}
            .lane .bar{position:absolute;top:0;bottom:0;background:#8888;min-width:2px}
            .lane .took{width:6em;flex:none;text-align:right}
            dl.metric{margin:0}dl.metric dd{margin:0 0 .6em 0;color:#666}
            svg text{font-family:system-ui,sans-serif;font-size:11px}
            """;

    private PageViews() {
    }

    // ---- runs ----

    public static String runs(RunList list, PipelineConfig config) {
        StringBuilder b = new StringBuilder("<h1>Runs</h1>\n");
        b.append("<form class=\"filters\" method=\"get\" action=\"/runs\">")
                .append(select("repository", "Repository", repositories(config), list.query().repository()))
                .append("<label>Ref <input name=\"ref\" size=\"18\" placeholder=\"refs/heads/main\" value=\"")
                .append(escape(list.query().ref())).append("\"></label>")
                .append(select("status", "Status", statuses(),
                        list.query().status() == null ? null : list.query().status().name()))
                .append("<button>Show</button></form>\n");
        if (list.runs().isEmpty()) {
            b.append("<p id=\"no-runs\">No runs recorded").append(list.query().repository() == null
                    && list.query().ref() == null && list.query().status() == null ? " yet." : " that match.")
                    .append("</p>\n");
        } else {
            b.append("<div class=\"scroll\"><table id=\"runs\"><thead><tr><th>Run</th><th>Status</th>")
                    .append("<th>Repository</th><th>Ref</th><th>Started by</th><th>Commit</th><th>Author</th>")
                    .append("<th>Tier</th>")
                    .append("<th>Duration</th><th>Reached</th><th>Created</th></tr></thead><tbody>\n");
            for (RunRow row : list.runs()) {
                Run run = row.run();
                b.append("<tr class=\"run\" data-run-id=\"").append(escape(run.runId())).append("\"><td><a href=\"")
                        .append(escape(runLink(run.runId()))).append("\">").append(escape(shortId(run.runId())))
                        .append("</a></td><td>").append(status(run.status())).append("</td><td>")
                        .append(escape(run.repository())).append("</td><td>").append(escape(run.ref()))
                        .append("</td><td class=\"started-by\">").append(escape(StartedBy.brief(run)))
                        .append("</td><td><code>").append(escape(shortSha(run.commit()))).append("</code></td><td>")
                        .append(escape(run.author())).append("</td><td>").append(escape(run.tier())).append("</td><td>")
                        .append(escape(Durations.format(row.duration()))).append("</td><td>")
                        .append(escape(row.reached().isEmpty() ? "–" : String.join(", ", row.reached())))
                        .append("</td><td>").append(time(run.createdAt())).append("</td></tr>\n");
            }
            b.append("</tbody></table></div>\n");
        }
        if (list.next() != null) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("repository", list.query().repository());
            params.put("ref", list.query().ref());
            params.put("status", list.query().status() == null ? null : list.query().status().name());
            params.put("cursor", list.next());
            b.append("<p><a id=\"next\" href=\"").append(escape("/runs" + query(params))).append("\">Older runs →</a></p>\n");
        }
        return page("Runs", b.toString(), null);
    }

    // ---- one run ----

    public static String run(RunDetail detail) {
        Run run = detail.run();
        StringBuilder b = new StringBuilder();
        b.append("<h1>Run <code>").append(escape(shortId(run.runId()))).append("</code> ")
                .append(status(run.status())).append("</h1>\n");
        b.append("<div class=\"scroll\"><table id=\"run\">\n");
        row(b, "Run id", "<code>" + escape(run.runId()) + "</code>");
        row(b, "Repository", escape(run.repository()));
        row(b, "Ref", escape(run.ref()));
        row(b, "Started by", "<span id=\"started-by\">" + escape(StartedBy.of(run)) + "</span>");
        row(b, "Commit", "<code>" + escape(run.commit()) + "</code>");
        row(b, "Author", escape(run.author()));
        row(b, "Version", escape(run.version()));
        row(b, "Tier", escape(run.tier()));
        row(b, "Received", time(run.createdAt()));
        row(b, run.status().isFinal() ? "Ended" : "Last change", time(run.updatedAt()));
        if (run.error() != null) {
            row(b, "Error", "<code>" + escape(run.error()) + "</code>");
        }
        if (run.cause() != null) {
            row(b, "Cause", escape(run.cause()));
        }
        b.append("</table></div>\n");

        b.append("<h2>Stages</h2>\n");
        if (detail.stages().isEmpty()) {
            b.append("<p id=\"no-stages\">No stage recorded yet.</p>\n");
        } else {
            timeline(b, detail.stages());
            b.append("<div class=\"scroll\"><table id=\"stages\"><thead><tr><th>Stage</th><th>Status</th>")
                    .append("<th>Numbers</th><th>Started</th><th>Took</th></tr></thead><tbody>\n");
            for (StageRecord stage : detail.stages()) {
                b.append("<tr class=\"stage\" data-stage=\"").append(escape(stage.stage())).append("\"><td>")
                        .append(escape(stage.stage())).append("</td><td>").append(stageStatus(stage.status()))
                        .append("</td><td class=\"numbers\">").append(escape(stage.summary())).append("</td><td>")
                        .append(time(stage.startedAt())).append("</td><td>")
                        .append(escape(Durations.format(took(stage)))).append("</td></tr>\n");
            }
            b.append("</tbody></table></div>\n");
        }
        list(b, "Gate reasons", "reasons", detail.reasons());
        list(b, "Warnings", "warnings", detail.warnings());
        if (!detail.builds().isEmpty()) {
            b.append("<h2>Build logs</h2>\n<ul id=\"builds\">\n");
            for (BuildLog build : detail.builds()) {
                b.append("<li>").append(escape(build.stage())).append(" (").append(escape(build.status())).append("): ");
                if (build.link() != null) {
                    b.append("<a href=\"").append(escape(build.link())).append("\">").append(escape(build.buildId()))
                            .append("</a>");
                } else {
                    b.append(escape(build.buildId() == null ? "no build" : build.buildId()));
                }
                b.append("</li>\n");
            }
            b.append("</ul>\n");
        }
        b.append("<h2>Approvals</h2>\n");
        if (detail.approvals().isEmpty()) {
            b.append("<p>None asked for.</p>\n");
        } else {
            b.append("<div class=\"scroll\"><table id=\"approvals\"><thead><tr><th>Environment</th><th>Status</th>")
                    .append("<th>Asked</th><th>Decisions</th><th>Requested</th></tr></thead><tbody>\n");
            for (ApprovalView view : detail.approvals()) {
                Approval a = view.approval();
                StringBuilder decisions = new StringBuilder();
                for (DecisionRecord d : view.decisions()) {
                    decisions.append(escape(d.approver())).append(": ").append(escape(d.decision().name()))
                            .append(" at ").append(time(d.decidedAt()))
                            .append(d.reason() == null || d.reason().isBlank() ? "" : " (" + escape(d.reason()) + ")")
                            .append("<br>");
                }
                if (a.endReason() != null) {
                    decisions.append(escape(a.endReason()));
                }
                b.append("<tr><td>").append(escape(a.environment().name())).append("</td><td>")
                        .append(escape(a.status().name())).append("</td><td>")
                        .append(escape(String.join(", ", a.approvers()))).append("</td><td>")
                        .append(decisions.length() == 0 ? "–" : decisions.toString()).append("</td><td>")
                        .append(time(a.requestedAt())).append("</td></tr>\n");
            }
            b.append("</tbody></table></div>\n");
        }
        b.append("<h2>Deployments</h2>\n");
        if (detail.deployments().isEmpty()) {
            b.append("<p>Nothing deployed by this run.</p>\n");
        } else {
            deploymentTable(b, "deployments", detail.deployments(), true);
        }
        Map<String, String> poll = run.status().isFinal() ? null
                : Map.of("data-poll", "/api/run?id=" + encode(run.runId()), "data-version", detail.version());
        return page("Run " + shortId(run.runId()), b.toString(), poll);
    }

    /** One lane per stage, bars placed and sized by time: stages that ran in parallel overlap. */
    private static void timeline(StringBuilder b, List<StageRecord> stages) {
        Instant start = stages.stream().map(s -> s.startedAt() != null ? s.startedAt() : s.endedAt())
                .min(Instant::compareTo).orElseThrow();
        Instant end = stages.stream().map(s -> s.endedAt() != null ? s.endedAt() : s.startedAt())
                .max(Instant::compareTo).orElseThrow();
        double total = Math.max(1, Duration.between(start, end).toMillis());
        b.append("<div class=\"timeline\" id=\"timeline\" role=\"img\" aria-label=\"Stages on a time line\">\n");
        for (StageRecord stage : stages) {
            Instant s = stage.startedAt() != null ? stage.startedAt() : stage.endedAt();
            Instant e = stage.endedAt() != null ? stage.endedAt() : s;
            double left = Duration.between(start, s).toMillis() / total * 100;
            double width = Duration.between(s, e).toMillis() / total * 100;
            b.append("<div class=\"lane\"><span class=\"name\">").append(escape(stage.stage()))
                    .append("</span><span class=\"track\"><span class=\"bar\" title=\"")
                    .append(escape(stage.stage() + " " + stage.status())).append("\" style=\"left:")
                    .append(String.format(Locale.ROOT, "%.2f", left)).append("%;width:")
                    .append(String.format(Locale.ROOT, "%.2f", width)).append("%\"></span></span><span class=\"took\">")
                    .append(escape(Durations.format(took(stage)))).append("</span></div>\n");
        }
        b.append("</div>\n");
    }

    // ---- environments ----

    public static String environments(List<EnvironmentView> views) {
        StringBuilder b = new StringBuilder("<h1>Environments</h1>\n");
        if (views.isEmpty()) {
            b.append("<p>No environment configured.</p>\n");
        }
        for (EnvironmentView view : views) {
            b.append("<section class=\"environment\" data-repository=\"").append(escape(view.repository()))
                    .append("\" data-environment=\"").append(escape(view.environment())).append("\">\n<h2>")
                    .append(escape(view.repository())).append(" · ").append(escape(view.environment())).append("</h2>\n");
            b.append("<p>Deployment <code>").append(escape(view.namespace() + "/" + view.deployment())).append("</code></p>\n");
            DeploymentRecord live = view.live();
            if (live == null) {
                b.append("<p class=\"live\">Live: nothing deployed by the pipeline yet.</p>\n");
            } else {
                b.append("<div class=\"scroll\"><table class=\"live\">\n");
                row(b, "Live image", "<code class=\"image\">" + escape(live.image()) + "</code>");
                row(b, "Version", escape(live.version() == null ? "–" : live.version()));
                row(b, "By", live.runId() == null ? "–" : "<a href=\"" + escape(runLink(live.runId())) + "\">"
                        + escape(shortId(live.runId())) + "</a>" + (live.status() == DeploymentStatus.ROLLED_BACK
                        ? " (rolled back to)" : ""));
                row(b, "Since", time(live.at()));
                b.append("</table></div>\n");
            }
            b.append("<h3>History</h3>\n");
            if (view.history().isEmpty()) {
                b.append("<p>None.</p>\n");
            } else {
                deploymentTable(b, "history", view.history(), false);
            }
            b.append("<h3>Rollback targets</h3>\n");
            if (view.rollbackTargets().isEmpty()) {
                b.append("<p>None: no other version ever succeeded here.</p>\n");
            } else {
                b.append("<ul class=\"targets\">\n");
                for (DeploymentRecord target : view.rollbackTargets()) {
                    String version = target.version() == null ? target.image() : target.version();
                    b.append("<li><code>").append(escape(version)).append("</code> (").append(time(target.at()))
                            .append(") — <code>pipeline rollback --repository ").append(escape(view.repository()))
                            .append(" --environment ").append(escape(view.environment())).append(" --to-version ")
                            .append(escape(version)).append(" --reason …</code></li>\n");
                }
                b.append("</ul>\n");
            }
            b.append("</section>\n");
        }
        return page("Environments", b.toString(), null);
    }

    private static void deploymentTable(StringBuilder b, String id, List<DeploymentRecord> records, boolean environment) {
        b.append("<div class=\"scroll\"><table class=\"").append(id).append("\"><thead><tr>")
                .append(environment ? "<th>Environment</th>" : "")
                .append("<th>What</th><th>Version</th><th>Image</th><th>Run</th><th>When</th><th>Reason</th></tr></thead><tbody>\n");
        for (DeploymentRecord r : records) {
            b.append("<tr class=\"").append(escape(r.status().name().toLowerCase(Locale.ROOT))).append("\">")
                    .append(environment ? "<td>" + escape(r.environment()) + "</td>" : "")
                    .append("<td>").append(deploymentStatus(r)).append("</td><td>")
                    .append(escape(r.version() == null ? "–" : r.version())).append("</td><td><code>")
                    .append(escape(shortImage(r.image()))).append("</code></td><td>")
                    .append(r.requestedBy() != null ? "manual" : "<a href=\"" + escape(runLink(r.runId())) + "\">"
                            + escape(shortId(r.runId())) + "</a>")
                    .append("</td><td>").append(time(r.at())).append("</td><td>")
                    .append(escape(r.reason() == null ? "" : r.reason()))
                    .append(r.requestedBy() == null ? "" : " (asked by " + escape(r.requestedBy()) + ")")
                    .append("</td></tr>\n");
        }
        b.append("</tbody></table></div>\n");
    }

    // ---- metrics ----

    public static String metrics(List<MetricsReport> reports, PipelineConfig config, String repository,
                                 String environment, String since) {
        StringBuilder b = new StringBuilder("<h1>Metrics</h1>\n");
        b.append("<form class=\"filters\" method=\"get\" action=\"/metrics\">")
                .append(select("repository", "Repository", repositories(config), repository))
                .append("<label>Environment <input name=\"environment\" size=\"12\" value=\"").append(escape(environment))
                .append("\"></label><label>Since <input name=\"since\" size=\"5\" value=\"")
                .append(escape(since == null ? "30d" : since)).append("\"></label><button>Show</button></form>\n")
                .append("<p>Definitions: each figure's line below; the whole of it in docs/metrics.md.</p>\n");
        if (reports.isEmpty()) {
            b.append("<p>No repository and environment match.</p>\n");
        }
        for (MetricsReport report : reports) {
            MetricsReport.Dora d = report.dora();
            b.append("<section class=\"metrics\" data-repository=\"").append(escape(report.repository()))
                    .append("\" data-environment=\"").append(escape(report.environment())).append("\">\n<h2>")
                    .append(escape(report.repository())).append(" · ").append(escape(report.environment()))
                    .append("</h2>\n<p>").append(time(report.window().from())).append(" to ")
                    .append(time(report.window().to())).append("</p>\n<div class=\"scroll\"><table class=\"dora\">\n");
            metric(b, "deployment-frequency", "Deployment frequency", MetricFigures.deploymentFrequency(d),
                    "Changes that went live in this environment in the window.");
            metric(b, "lead-time", "Change lead time", MetricFigures.leadTime(d),
                    "From the change's first commit to its deployment going live here.");
            metric(b, "change-fail-rate", "Change fail rate", MetricFigures.changeFailRate(d),
                    "Changes that failed, were rolled back, or needed a rollback or hotfix after.");
            metric(b, "recovery-time", "Failed deployment recovery time", MetricFigures.recoveryTime(d),
                    "From a failed change to the next good deployment (its rollback, a fix, or a manual rollback).");
            metric(b, "rework-rate", "Deployment rework rate", MetricFigures.reworkRate(d),
                    "Deployments that were rollbacks or hotfixes, of all deployments.");
            b.append("</table></div>\n");
            chart(b, report.weeks());
            MetricsReport.PipelineNumbers p = report.pipeline();
            b.append("<h3>The pipeline</h3>\n<div class=\"scroll\"><table class=\"pipeline\">\n");
            metric(b, "run-duration", "Run duration", MetricFigures.runDuration(p),
                    "From the push being received to the run's end, for the repository's runs.");
            metric(b, "approval-wait", "Waiting for approval", MetricFigures.approvalWait(p),
                    "From the approval's request to its decision, in this environment.");
            b.append("</table></div>\n<h3>Gate failure reasons</h3>\n");
            if (p.gateFailures().isEmpty()) {
                b.append("<p>No run failed its gates.</p>\n");
            } else {
                b.append("<div class=\"scroll\"><table class=\"gate-failures\"><thead><tr><th>Stage</th><th>Runs</th>")
                        .append("<th>Latest reason</th></tr></thead><tbody>\n");
                for (MetricsReport.GateFailure f : p.gateFailures()) {
                    b.append("<tr><td>").append(escape(f.stage())).append("</td><td>").append(f.runs())
                            .append("</td><td>").append(escape(f.latestReason())).append("</td></tr>\n");
                }
                b.append("</tbody></table></div>\n");
            }
            b.append("</section>\n");
        }
        return page("Metrics", b.toString(), null);
    }

    private static void metric(StringBuilder b, String id, String name, String value, String definition) {
        b.append("<tr data-metric=\"").append(id).append("\"><th>").append(escape(name))
                .append("</th><td class=\"value\">").append(escape(value)).append("</td><td><small>")
                .append(escape(definition)).append("</small></td></tr>\n");
    }

    /** Deployments per week as bars with their numbers written on them (readable without colour), fail rate below. */
    private static void chart(StringBuilder b, List<MetricsReport.Week> weeks) {
        int max = Math.max(1, weeks.stream().mapToInt(MetricsReport.Week::deployments).max().orElse(0));
        int barWidth = 28;
        int gap = 8;
        int height = 90;
        int width = weeks.size() * (barWidth + gap) + gap;
        b.append("<figure class=\"trend\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height + 36).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height + 36).append("\" role=\"img\" aria-label=\"Deployments per week\">\n")
                .append("<title>Deployments per week</title>\n");
        for (int i = 0; i < weeks.size(); i++) {
            MetricsReport.Week w = weeks.get(i);
            int h = (int) Math.round(w.deployments() / (double) max * (height - 16));
            int x = gap + i * (barWidth + gap);
            b.append("<g class=\"week\" data-deployments=\"").append(w.deployments()).append("\"><rect x=\"").append(x)
                    .append("\" y=\"").append(height - h).append("\" width=\"").append(barWidth).append("\" height=\"")
                    .append(Math.max(h, 1)).append("\" fill=\"currentColor\" fill-opacity=\"0.45\"/>")
                    .append("<text x=\"").append(x + barWidth / 2).append("\" y=\"").append(height - h - 3)
                    .append("\" text-anchor=\"middle\" fill=\"currentColor\">").append(w.deployments()).append("</text>")
                    .append("<text x=\"").append(x + barWidth / 2).append("\" y=\"").append(height + 13)
                    .append("\" text-anchor=\"middle\" fill=\"currentColor\">")
                    .append(escape(DateTimeFormatter.ofPattern("MM-dd").withZone(ZoneOffset.UTC).format(w.start())))
                    .append("</text><text x=\"").append(x + barWidth / 2).append("\" y=\"").append(height + 28)
                    .append("\" text-anchor=\"middle\" fill=\"currentColor\">")
                    .append(escape(w.changeFailRate() == null ? "–" : Math.round(w.changeFailRate() * 100) + "%"))
                    .append("</text><title>").append(escape("week of " + TIME.format(w.start()) + ": "
                            + w.deployments() + " deployments, change fail rate " + Durations.percent(w.changeFailRate())
                            + ", lead time p50 " + Durations.format(w.leadTimeP50())))
                    .append("</title></g>\n");
        }
        b.append("</svg><figcaption>Deployments per week (bars), change fail rate under each week's date.</figcaption></figure>\n");
    }

    // ---- refusals ----

    public static String problem(String title, String message) {
        return page(title, "<h1>" + escape(title) + "</h1>\n<p id=\"problem\">" + escape(message) + "</p>\n", null);
    }

    // ---- the sign-in shell (AWS) ----

    /**
     * The sign-in shell's one page: the pages' frame with links under {@code /pages}, a notice for what the sign-in
     * has to say, an empty {@code <main>} the page's content replaces, and the two scripts. {@code bodyAttributes}
     * tell the script the client and the issuer's endpoints.
     */
    static String shell(Map<String, String> bodyAttributes) {
        StringBuilder attributes = new StringBuilder();
        bodyAttributes.forEach((k, v) -> attributes.append(' ').append(k).append("=\"").append(escape(v)).append('"'));
        String p = SignInShell.PREFIX;
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Signing in · pipeline"
                + "</title>\n<style>" + STYLE + "#notice:empty{display:none}#notice{padding:.5em 1em;border:1px solid #8884}"
                + "</style></head>\n<body" + attributes + ">\n<header><nav>"
                + "<a href=\"" + p + "/runs\">Runs</a><a href=\"" + p + "/environments\">Environments</a><a href=\"" + p
                + "/metrics\">Metrics</a><button id=\"sign-out\" type=\"button\" hidden>Sign out</button></nav></header>\n"
                + "<div id=\"notice\" role=\"status\"></div>\n"
                + "<main id=\"shell\">\n<p>Signing in…</p>\n<noscript><p>These pages sign you in with a script; "
                + "allow JavaScript for this site.</p></noscript>\n</main>\n"
                + "<script src=\"" + SignInShell.PAGES_SCRIPT_PATH + "\" defer></script>\n"
                + "<script src=\"" + SignInShell.SCRIPT_PATH + "\" defer></script>\n</body></html>\n";
    }

    // ---- pieces ----

    static String page(String title, String body, Map<String, String> mainAttributes) {
        StringBuilder attributes = new StringBuilder();
        if (mainAttributes != null) {
            mainAttributes.forEach((k, v) -> attributes.append(' ').append(k).append("=\"").append(escape(v)).append('"'));
        }
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escape(title)
                + " · pipeline</title>\n<style>" + STYLE + "</style></head>\n<body>\n<header><nav>"
                + "<a href=\"/runs\">Runs</a><a href=\"/environments\">Environments</a><a href=\"/metrics\">Metrics</a>"
                + "</nav></header>\n<main" + attributes + ">\n" + body + "</main>\n"
                + "<script src=\"/pages.js\" defer></script>\n</body></html>\n";
    }

    private static void row(StringBuilder b, String label, String html) {
        b.append("<tr><th>").append(escape(label)).append("</th><td>").append(html).append("</td></tr>\n");
    }

    private static void list(StringBuilder b, String title, String id, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        b.append("<h2>").append(escape(title)).append("</h2>\n<ul id=\"").append(id).append("\">\n");
        items.forEach(item -> b.append("<li>").append(escape(item)).append("</li>\n"));
        b.append("</ul>\n");
    }

    private static String select(String name, String label, List<String> options, String selected) {
        StringBuilder b = new StringBuilder("<label>").append(escape(label)).append(" <select name=\"").append(name)
                .append("\"><option value=\"\">any</option>");
        for (String option : options) {
            b.append("<option").append(option.equals(selected) ? " selected" : "").append(">").append(escape(option))
                    .append("</option>");
        }
        return b.append("</select></label>").toString();
    }

    private static List<String> repositories(PipelineConfig config) {
        return config.repositories().values().stream().map(RepositoryConfig::name).toList();
    }

    private static List<String> statuses() {
        return java.util.Arrays.stream(RunStatus.values()).map(Enum::name).toList();
    }

    /** A status as a symbol and a word; the class only adds colour. */
    static String status(RunStatus status) {
        return switch (status) {
            case SUCCEEDED -> "<span class=\"status s-ok\">✔ SUCCEEDED</span>";
            case RECEIVED, RUNNING -> "<span class=\"status s-run\">⏳ " + status + "</span>";
            case SUPERSEDED -> "<span class=\"status\">⤼ SUPERSEDED</span>";
            default -> "<span class=\"status s-bad\">✖ " + status + "</span>";
        };
    }

    private static String stageStatus(String status) {
        String s = escape(status);
        return switch (status == null ? "" : status) {
            case "SUCCEEDED" -> "<span class=\"s-ok\">✔ " + s + "</span>";
            case "WARN" -> "<span class=\"s-run\">⚠ " + s + "</span>";
            case "SKIPPED" -> "<span>– " + s + "</span>";
            default -> "<span class=\"s-bad\">✖ " + s + "</span>";
        };
    }

    private static String deploymentStatus(DeploymentRecord r) {
        return switch (r.status()) {
            case SUCCEEDED -> "<span class=\"s-ok\">✔ deployed</span>";
            case DEPLOYING -> "<span class=\"s-run\">⏳ deploying</span>";
            case FAILED -> "<span class=\"s-bad\">✖ failed</span>";
            case ROLLED_BACK -> "<span class=\"s-bad\">↩ rolled back</span>";
        };
    }

    private static Duration took(StageRecord stage) {
        return stage.startedAt() == null || stage.endedAt() == null ? null
                : Duration.between(stage.startedAt(), stage.endedAt());
    }

    static String time(Instant at) {
        return at == null ? "–" : "<time datetime=\"" + escape(at.toString()) + "\">" + escape(TIME.format(at)) + "</time>";
    }

    static String runLink(String runId) {
        return "/run?id=" + encode(runId);
    }

    private static String shortId(String runId) {
        return runId == null ? "" : runId.length() > 24 ? runId.substring(0, 24) + "…" : runId;
    }

    private static String shortSha(String sha) {
        return sha == null ? "" : sha.substring(0, Math.min(7, sha.length()));
    }

    private static String shortImage(String image) {
        if (image == null) {
            return "";
        }
        int at = image.indexOf("@sha256:");
        return at < 0 ? image : image.substring(0, at) + "@sha256:" + image.substring(at + 8, Math.min(image.length(), at + 20)) + "…";
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String query(Map<String, String> params) {
        StringBuilder q = new StringBuilder();
        params.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                q.append(q.length() == 0 ? '?' : '&').append(k).append('=').append(encode(v));
            }
        });
        return q.toString();
    }
}
