package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.config.Tier;
import dev.serverlesscd.functions.reports.ReportGroups;
import dev.serverlesscd.functions.reports.ReportSource;
import dev.serverlesscd.functions.reports.ReportSourceException;
import dev.serverlesscd.functions.reports.StageReports;
import dev.serverlesscd.functions.run.RunStore;
import dev.serverlesscd.functions.run.StageRecord;
import dev.serverlesscd.functions.run.StageStatuses;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Judges a run's check stages from the reports their builds wrote, against the thresholds of the request's tier in
 * the pipeline configuration ({@link dev.serverlesscd.functions.config.PipelineConfig#tiers()}), and records
 * each stage's verdict (and the gate's own, as stage {@code gates}) in the run store.
 *
 * <p>Each stage is judged by what it declares ({@link CheckResult#judge()}: its {@code judgedAs}, or its name for a
 * check that declares none), from the reports under its key; a stage judged as nothing by its build alone. A
 * warn-only stage's failure ({@code onFailure: warn}) is a warning; a stage the state machine skipped because a stage
 * it needs did not succeed is recorded SKIPPED, as a warning naming that stage.
 *
 * <p>Per stage: reports that cannot be fetched, or none at all, are an ERROR ({@code error: <stage> reports
 * missing: <why>}); otherwise the stage's {@link StageJudge} decides. A build that failed never passes: if its
 * reports show nothing wrong, the stage FAILs with the build's failure as the reason. The gate's verdict is the
 * worst of its stages'. Each stage's verdict is also posted to GitHub as a commit status ({@link StageStatuses}); a
 * status that cannot be posted is logged and changes nothing here.
 *
 * <p>With {@code image} in the request the built image is judged too, as stage {@code image} ({@link ImageJudge}).
 * Coverage, benchmark scores and the image size are compared with the {@link Baselines}; what a run on the default
 * branch measured is {@link Baselines#propose proposed} as its baseline candidate, which
 * {@code run.RunRecorder#finish} promotes when the run SUCCEEDS — the one place a baseline is written.
 *
 * <p>A judge that {@link StageJudge#readsReportGroups() reads report groups} (the test stage's) is given what the
 * check's build published to them ({@link ReportGroups}: CodeBuild's on AWS, found by the check's {@code buildId}),
 * besides the files. When they cannot be read the stage is judged from the files alone, with a warning that says
 * why; a stage with neither is an ERROR.
 */
public final class GateService {
    public static final String GATES_STAGE = "gates";
    /** The overall stage of a judgement of the image alone (the ImageGate task), named apart from the checks' gates. */
    public static final String IMAGE_GATE_STAGE = "image gate";

    private final ReportSource reports;
    private final RunStore store;
    private final Clock clock;
    private final Map<String, Tier> tiers;
    private final Map<String, StageJudge> judges = new LinkedHashMap<>();
    private final StageStatuses statuses;
    private final Baselines baselines;
    private final ImageJudge imageJudge;

    private final ReportGroups reportGroups;

    private GateService(Builder parts) {
        this.reports = parts.reports;
        this.store = parts.store;
        this.clock = parts.clock;
        this.tiers = parts.tiers;
        parts.judges.forEach(judge -> this.judges.put(judge.stage(), judge));
        this.baselines = parts.baselines;
        this.imageJudge = new ImageJudge(parts.images);
        this.statuses = parts.statuses;
        this.reportGroups = parts.reportGroups;
    }

    /**
     * A gate reading {@code reports}, recording in {@code store}, judging by the {@code tiers} of the pipeline
     * configuration (by name). Unless the builder is told otherwise: the {@link #defaultJudges()}, no baselines, no
     * registry ({@link ImageInspector#LOCAL}), no report groups ({@link ReportGroups#NONE}), no commit statuses.
     */
    public static Builder builder(ReportSource reports, RunStore store, Clock clock, Map<String, Tier> tiers) {
        return new Builder(reports, store, clock, tiers);
    }

    /** What the gate works with besides its reports, store, clock and tiers. */
    public static final class Builder {
        private final ReportSource reports;
        private final RunStore store;
        private final Clock clock;
        private final Map<String, Tier> tiers;
        private List<StageJudge> judges = defaultJudges();
        private Baselines baselines = Baselines.NONE;
        private ImageInspector images = ImageInspector.LOCAL;
        private StageStatuses statuses = StageStatuses.off("no GitHub statuses configured for the gate");
        private ReportGroups reportGroups = ReportGroups.NONE;

        private Builder(ReportSource reports, RunStore store, Clock clock, Map<String, Tier> tiers) {
            this.reports = Objects.requireNonNull(reports, "report source is not specified");
            this.store = Objects.requireNonNull(store, "run store is not specified");
            this.clock = Objects.requireNonNull(clock, "clock is not specified");
            this.tiers = Map.copyOf(Objects.requireNonNull(tiers, "tiers are not specified"));
        }

        public Builder judges(List<StageJudge> judges) {
            this.judges = List.copyOf(judges);
            return this;
        }

        /** The baselines to compare with, and to propose a default-branch run's measurements to. */
        public Builder baselines(Baselines baselines) {
            this.baselines = Objects.requireNonNull(baselines, "baselines are not specified");
            return this;
        }

        /** The registry that knows the built image. */
        public Builder images(ImageInspector images) {
            this.images = Objects.requireNonNull(images, "image inspector is not specified");
            return this;
        }

        /** Where each stage's verdict is posted as a commit status. */
        public Builder statuses(StageStatuses statuses) {
            this.statuses = Objects.requireNonNull(statuses, "stage statuses are not specified");
            return this;
        }

        /** Where the check builds published their test and coverage reports (CodeBuild, on AWS). */
        public Builder reportGroups(ReportGroups reportGroups) {
            this.reportGroups = Objects.requireNonNull(reportGroups, "report groups are not specified");
            return this;
        }

        public GateService build() {
            return new GateService(this);
        }
    }

    public static List<StageJudge> defaultJudges() {
        return List.of(new TestJudge(), new ScanJudge(), new LintJudge(), new BenchmarkJudge());
    }

    public GateResult judge(GateRequest request) {
        validate(request);
        ImageJudge.Inspection image = request.image() == null ? null : imageJudge.inspect(request.image());
        Instant started = clock.instant();
        Tier tier = tiers.get(request.tier());
        GateContext context = new GateContext(request, baselines, started);
        List<StageVerdict> stages = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Verdict verdict = Verdict.PASS;
        if (request.checks().isEmpty() && image == null) {
            verdict = Verdict.ERROR;
            reasons.add("error: checks missing: the request lists no check stage");
        }
        for (CheckResult check : request.checks()) {
            Instant stageStarted = clock.instant();
            StageJudgement judgement = check.skipped() ? new StageJudgement().warn("skipped: " + check.reason())
                    : judgeStage(request.runId(), check, tier, context);
            if (check.warnOnly()) {
                judgement = judgement.onlyWarning();
            }
            StageVerdict stage = new StageVerdict(check.stage(), judgement.verdict(), judgement.summary());
            stages.add(stage);
            judgement.reasons().forEach(reason -> reasons.add(check.stage() + ": " + reason));
            judgement.warnings().forEach(warning -> warnings.add(check.stage() + ": " + warning));
            verdict = verdict.worst(stage.verdict());
            store.recordStage(new StageRecord(request.runId(), check.stage(),
                    check.skipped() ? "SKIPPED" : stage.verdict().stageStatus(), stage.summary(), stageStarted,
                    clock.instant()));
        }
        if (image != null) {
            Instant stageStarted = clock.instant();
            StageJudgement judgement = imageJudge.judge(image, tier, context);
            StageVerdict stage = new StageVerdict(ImageJudge.STAGE, judgement.verdict(), judgement.summary());
            stages.add(stage);
            judgement.reasons().forEach(reason -> reasons.add(ImageJudge.STAGE + ": " + reason));
            judgement.warnings().forEach(warning -> warnings.add(ImageJudge.STAGE + ": " + warning));
            verdict = verdict.worst(stage.verdict());
            store.recordStage(new StageRecord(request.runId(), ImageJudge.STAGE, stage.verdict().stageStatus(),
                    stage.summary(), stageStarted, clock.instant()));
        }
        if (request.onDefaultBranch() && request.repository() != null) {
            context.measurements().forEach(m -> baselines.propose(request.repository(), request.runId(), m));
        }
        String overall = request.checks().isEmpty() && image != null ? IMAGE_GATE_STAGE : GATES_STAGE;
        store.recordStage(new StageRecord(request.runId(), overall, verdict.stageStatus(),
                gateSummary(verdict, reasons, warnings, tier), started, clock.instant()));
        GateResult result = new GateResult(verdict, stages, reasons, warnings,
                context.measurements().stream().map(GateResult.Measurement::of).toList());
        statuses.gateJudged(request.runId(), request.repository(), request.commit(), result.stageChecks());
        return result;
    }

    private StageJudgement judgeStage(String runId, CheckResult check, Tier tier, GateContext context) {
        java.util.Optional<String> judgeName = check.judge();
        if (judgeName.isEmpty()) {
            // judged as nothing: the build's own result is the verdict
            return check.succeeded() ? new StageJudgement().note("the build succeeded")
                    : new StageJudgement().fail(check.failure());
        }
        StageJudge judge = judges.get(judgeName.get());
        if (judge == null) {
            return new StageJudgement().error(check.stage() + " reports", "invalid",
                    "the gate has no judge for stage '" + judgeName.get() + "' (it judges " + String.join(", ", judges.keySet()) + ")");
        }
        StageReports stageReports;
        try {
            stageReports = reports.fetch(runId, check.reportsKey());
        } catch (ReportSourceException e) {
            return new StageJudgement().error(check.stage() + " reports", "missing", e.getMessage());
        }
        String groupsUnread = null;
        if (judge.readsReportGroups() && check.build() != null) {
            try {
                stageReports = stageReports.withGroups(reportGroups.fetch(check.build()));
            } catch (ReportSourceException e) {
                groupsUnread = e.getMessage();
            }
        }
        if (stageReports.isEmpty()) {
            String why = (check.succeeded() ? "the build succeeded but wrote none to " : check.failure()
                    + " and wrote none to ") + stageReports.location()
                    + (groupsUnread == null ? "" : "; its report groups could not be read either: " + groupsUnread);
            return new StageJudgement().error(check.stage() + " reports", "missing", why);
        }
        StageJudgement judgement = judge.judge(stageReports, tier, context);
        if (groupsUnread != null) {
            judgement.warn("judged from the files under " + stageReports.location()
                    + " because the build's report groups could not be read: " + groupsUnread);
        }
        if (!check.succeeded() && (judgement.verdict() == Verdict.PASS || judgement.verdict() == Verdict.WARN)) {
            judgement.fail(check.failure() + " although its reports show no failure");
        }
        return judgement;
    }

    private void validate(GateRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("Gates request is empty");
        }
        if (request.runId() == null || request.runId().isBlank()) {
            throw new IllegalArgumentException("Gates request has no runId");
        }
        if (!tiers.containsKey(request.tier())) {
            throw new IllegalArgumentException("Gates request's tier '" + request.tier() + "' is not one of "
                    + String.join(", ", tiers.keySet().stream().sorted().toList()));
        }
        for (CheckResult check : request.checks()) {
            if (check == null || check.stage() == null || check.stage().isBlank()) {
                throw new IllegalArgumentException("Gates request has a check without a stage: " + request.checks());
            }
            if (check.judgedAs() != null && !check.judgedAs().isBlank()
                    && dev.serverlesscd.functions.config.JudgedAs.named(check.judgedAs()).isEmpty()) {
                throw new IllegalArgumentException("Gates request's check '" + check.stage() + "' is judged as '"
                        + check.judgedAs() + "', not one of " + dev.serverlesscd.functions.config.JudgedAs.words());
            }
        }
    }

    private static String gateSummary(Verdict verdict, List<String> reasons, List<String> warnings, Tier tier) {
        if (!reasons.isEmpty()) {
            return String.join("; ", reasons);
        }
        if (!warnings.isEmpty()) {
            return "passed with " + warnings.size() + " warning" + (warnings.size() == 1 ? "" : "s") + ": "
                    + String.join("; ", warnings);
        }
        return "passed for tier " + tier.name();
    }
}
