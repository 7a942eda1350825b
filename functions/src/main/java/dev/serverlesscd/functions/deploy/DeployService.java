package dev.serverlesscd.functions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.github.CommitState;
import dev.serverlesscd.functions.run.StageStatuses;
import dev.serverlesscd.functions.run.Supersession;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Deploys an image to an environment, follows the rollout, checks health, rolls back, and keeps the history.
 * It talks to the world through {@link Cluster}, {@link DeploymentHistory} and {@link HttpProbe}; the time is read
 * from the clock passed in.
 */
public final class DeployService {
    public static final String RUN_ID = "serverlesscd.dev/run-id";
    public static final String COMMIT = "serverlesscd.dev/commit";
    public static final String VERSION = "serverlesscd.dev/version";
    public static final String ROLLBACK_OF = "serverlesscd.dev/rollback-of";
    public static final String REQUESTED_BY = "serverlesscd.dev/requested-by";
    /** How many releases' hashed ConfigMaps and Secrets are kept: how far back a rollback finds its Secrets. */
    public static final int DEFAULT_KEEP_RELEASES = 5;

    private final Cluster cluster;
    private final DeploymentHistory history;
    private final HealthEndpoints endpoints;
    private final HttpProbe probe;
    private final Supersession supersession;
    private final EnvironmentLocks locks;
    private final StageStatuses statuses;
    private final Clock clock;
    private final ManifestSource manifests;
    private final ReleaseRevisions revisions;
    private final int keepReleases;

    private DeployService(Builder builder) {
        this.cluster = Objects.requireNonNull(builder.cluster, "DeployService: the cluster is not specified");
        this.history = Objects.requireNonNull(builder.history, "DeployService: the deployment history is not specified");
        this.endpoints = Objects.requireNonNull(builder.endpoints,
                "DeployService: the health endpoints are not specified (HealthEndpoints.none() for none)");
        this.probe = Objects.requireNonNull(builder.probe, "DeployService: the HTTP probe is not specified");
        this.supersession = Objects.requireNonNull(builder.supersession,
                "DeployService: the supersession is not specified (Supersession.NONE if no run is ever superseded)");
        this.locks = Objects.requireNonNull(builder.locks,
                "DeployService: the environment locks are not specified (EnvironmentLocks.NONE for none)");
        this.statuses = Objects.requireNonNull(builder.statuses,
                "DeployService: the commit statuses are not specified (StageStatuses.off(why) for none)");
        this.clock = Objects.requireNonNull(builder.clock, "DeployService: the clock is not specified");
        this.manifests = Objects.requireNonNull(builder.manifests, "DeployService: the manifest source is null");
        this.revisions = builder.revisions;
        if (builder.keepReleases < 1) {
            throw new IllegalArgumentException("DeployService: keepReleases must be at least 1, was " + builder.keepReleases);
        }
        this.keepReleases = builder.keepReleases;
    }

    /**
     * A deploy service; every part is required but the probe (a JDK HTTP probe with a 5 s timeout). The supersession
     * is asked before a deploy (a superseded run does not deploy; a deploying one is not superseded) and told when the
     * environment's deploy is recorded; the locks keep one change per environment at a time: taken by deploy,
     * rollback and restore before they touch the cluster, released by record (and by a failed restore).
     */
    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Cluster cluster;
        private DeploymentHistory history;
        private HealthEndpoints endpoints;
        private HttpProbe probe = new JdkHttpProbe(Duration.ofSeconds(5));
        private Supersession supersession;
        private EnvironmentLocks locks;
        private StageStatuses statuses;
        private Clock clock;
        private ManifestSource manifests = ManifestSource.NONE;
        private ReleaseRevisions revisions;
        private int keepReleases = DEFAULT_KEEP_RELEASES;

        private Builder() {
        }

        /** Where the run's manifests are found; without one ({@link ManifestSource#NONE}) every deploy sets the image. */
        public Builder manifests(ManifestSource manifests) {
            this.manifests = manifests;
            return this;
        }

        /** The release revisions; required as soon as a deploy finds manifests. */
        public Builder revisions(ReleaseRevisions revisions) {
            this.revisions = revisions;
            return this;
        }

        /** How many releases' ConfigMaps and Secrets stay in the cluster ({@value #DEFAULT_KEEP_RELEASES} by default). */
        public Builder keepReleases(int keepReleases) {
            this.keepReleases = keepReleases;
            return this;
        }

        public Builder cluster(Cluster cluster) {
            this.cluster = cluster;
            return this;
        }

        public Builder history(DeploymentHistory history) {
            this.history = history;
            return this;
        }

        public Builder healthEndpoints(HealthEndpoints endpoints) {
            this.endpoints = endpoints;
            return this;
        }

        public Builder probe(HttpProbe probe) {
            this.probe = probe;
            return this;
        }

        public Builder supersession(Supersession supersession) {
            this.supersession = supersession;
            return this;
        }

        public Builder locks(EnvironmentLocks locks) {
            this.locks = locks;
            return this;
        }

        /** Each environment's deploy is posted as commit status {@code serverless-cd/deploy-<env>}. */
        public Builder statuses(StageStatuses statuses) {
            this.statuses = statuses;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public DeployService build() {
            return new DeployService(this);
        }
    }

    /** The Deploy task: {@link #deploy(String, EnvironmentTarget, String, String, String, String)}, posted as pending. */
    public DeployResult deploy(DeployCommand.Deploy command) {
        JsonNode image = command.image();
        if (image == null || !image.isObject()) {
            throw new InvalidDeployRequestException("image must be {\"imageUri\", \"digest\"} for deploy");
        }
        DeployResult deployed = deploy(command.runId(), command.environment(), text(image, "imageUri"),
                text(image, "digest"), command.commit(), command.version());
        post(command.runId(), command.repository(), command.commit(), command.environment(), CommitState.PENDING,
                "Deploying " + describe(command.version(), command.environment()) + ": " + deployed.image());
        return deployed;
    }

    /** The Rollback task: {@link #rollback(String, EnvironmentTarget, String, String)}, posted as failure. */
    public DeployResult rollback(DeployCommand.Rollback command) {
        DeployResult rolledBack = rollback(command.runId(), command.environment(), command.failedImage(),
                command.reason());
        post(command.runId(), command.repository(), command.commit(), command.environment(), CommitState.FAILURE,
                "Rolled back to " + rolledBack.image() + ": " + command.reason());
        return rolledBack;
    }

    /** The RecordDeployment task: {@link #record(String, EnvironmentTarget, String, String, String)}; success posted. */
    public RecordResult record(DeployCommand.Record command) {
        if (command.image() != null && !command.image().isTextual()) {
            throw new InvalidDeployRequestException("image must be the image reference Deploy returned for record");
        }
        RecordResult recorded = record(command.runId(), command.environment(),
                command.image() == null ? null : command.image().asText(), command.previousImage(), command.status());
        if (DeploymentStatus.valueOf(recorded.status()) == DeploymentStatus.SUCCEEDED) {
            post(command.runId(), command.repository(), command.commit(), command.environment(), CommitState.SUCCESS,
                    "Deployed " + describe(command.version(), command.environment()) + ", healthy");
        }
        return recorded;
    }

    /** Posts the environment's commit status; not for a manual rollback, which names no repository. */
    private void post(String runId, String repository, String commit, EnvironmentTarget environment,
                      CommitState state, String description) {
        if (environment != null && repository != null) {
            statuses.deploy(runId, repository, commit, environment.name(), state, description);
        }
    }

    private static String describe(String version, EnvironmentTarget environment) {
        return (version == null ? "" : version + " ") + "to " + (environment == null ? "?" : environment.name());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * Sets the image by digest, annotated with run, commit and version, and records the deployment as DEPLOYING.
     * First the run is marked deploying ({@link Supersession#startDeploying}): a run a newer push superseded does not
     * deploy ({@link RunSupersededException}), and one that deploys is not superseded until its deploy is recorded.
     * Before that the run takes the environment's lock ({@link EnvironmentLocks}): while another run or manual rollback
     * holds it, nothing is changed and {@link EnvironmentLockedException} says who holds it (the state machine retries).
     * The lock is kept until {@link #record} (or the run's end) releases it; a superseded run releases it at once.
     */
    public DeployResult deploy(String runId, EnvironmentTarget environment, String imageUri, String digest,
                               String commit, String version) {
        require(runId, "runId");
        DeploymentRef ref = ref(environment);
        require(commit, "commit");
        String image = ImageReference.byDigest(imageUri, digest);
        Map<String, String> annotations = annotations(runId, commit, version);
        // read and rewritten before the lock is taken: manifests that are refused change nothing
        Optional<RenderedRelease> release = render(runId, environment, image, annotations);
        try {
            locks.acquire(ref, runId, clock.instant());
        } catch (EnvironmentLockedException locked) {
            // a superseded run need not wait for the lock: it would not deploy when it got it
            Optional<Supersession.Superseded> meanwhile = supersession.supersededBy(runId);
            if (meanwhile.isPresent()) {
                throw doesNotDeploy(runId, environment, ref, meanwhile.get());
            }
            throw locked;
        }
        Optional<Supersession.Superseded> superseded = supersession.startDeploying(runId, clock.instant());
        if (superseded.isPresent()) {
            locks.release(ref, runId);
            throw doesNotDeploy(runId, environment, ref, superseded.get());
        }
        if (release.isPresent()) {
            RenderedRelease rendered = release.get();
            Applied applied = applyRelease(ref, environment, runId, commit, version, image, rendered.objects(),
                    rendered.digest(), rendered.summary(), rendered.followed(), null, false);
            recordAfterChange(ref, applied.change(), new DeploymentRecord(ref, environment.name(), runId,
                    DeploymentStatus.DEPLOYING, image, applied.change().previousImage(), commit, version, null, null,
                    clock.instant()));
            return applied.result(environment, ref);
        }
        ImageChange change = cluster.setImage(ref, environment.container(), image, annotations);
        recordAfterChange(ref, change, new DeploymentRecord(ref, environment.name(), runId, DeploymentStatus.DEPLOYING,
                image, change.previousImage(), commit, version, null, null, clock.instant()));
        return new DeployResult(environment.name(), ref.namespace(), ref.deployment(), image, change.previousImage(),
                change.generation());
    }

    /**
     * Sets the image back to the newest SUCCEEDED deployment's image other than the failed one; without one, to the
     * image this run's deploy replaced; without that, fails with {@link NoRollbackTargetException}. Records the
     * rollback (ROLLED_BACK) either way it succeeds. A superseded run that never changed the environment (its deploy
     * was refused) rolls nothing back ({@link RunSupersededException}). The run takes the environment's lock again (its
     * own deploy's lock does not block it; another owner's does: {@link EnvironmentLockedException}) and keeps it until
     * the run ends ({@code RunRecorder.finish} releases it), so nobody deploys while the rollback rolls out.
     */
    public DeployResult rollback(String runId, EnvironmentTarget environment, String failedImage, String reason) {
        require(runId, "runId");
        DeploymentRef ref = ref(environment);
        require(failedImage, "failedImage");
        if (history.findByRun(ref, runId, DeploymentStatus.DEPLOYING).isEmpty()) {
            Optional<Supersession.Superseded> superseded = supersession.supersededBy(runId);
            if (superseded.isPresent()) {
                // its deploy was refused: rolling back what it never changed could undo the newer run's deploy
                throw new RunSupersededException("will not roll back " + ref + ": run " + runId
                        + " never changed it; " + superseded.get().cause());
            }
        }
        locks.acquire(ref, runId, clock.instant());
        String target;
        String commit = null;
        String version = null;
        boolean appliedRelease = revisions != null && revisions.byRun(ref, runId).isPresent();
        // after a release, the last good one may run the same image (only its configuration changed): skip by run
        Optional<DeploymentRecord> lastGood = appliedRelease
                ? history.succeeded(ref, 20).stream().filter(r -> !r.runId().equals(runId)).findFirst()
                : history.lastSucceeded(ref, failedImage);
        Optional<ReleaseRevision> goodRelease = lastGood.flatMap(r -> revisions == null ? Optional.empty()
                : revisions.byRun(ref, r.runId()));
        if (goodRelease.isPresent()) {
            DeploymentRecord good = lastGood.get();
            Map<String, String> annotations = annotations(runId, good.commit(), good.version());
            annotations.put(ROLLBACK_OF, failedImage);
            Applied applied = reapply(ref, environment, runId, goodRelease.get(), annotations);
            recordAfterChange(ref, applied.change(), new DeploymentRecord(ref, environment.name(), runId,
                    DeploymentStatus.ROLLED_BACK, good.image(), failedImage, good.commit(), good.version(), reason, null,
                    clock.instant()));
            return applied.result(environment, ref);
        }
        if (lastGood.isPresent()) {
            target = lastGood.get().image();
            commit = lastGood.get().commit();
            version = lastGood.get().version();
        } else {
            target = history.findByRun(ref, runId, DeploymentStatus.DEPLOYING)
                    .map(DeploymentRecord::previousImage)
                    .filter(previous -> !previous.equals(failedImage))
                    .orElseThrow(() -> new NoRollbackTargetException("nothing to roll " + ref + " back to: the history"
                            + " holds no SUCCEEDED deployment with an image other than " + failedImage
                            + ", and run " + runId + " recorded no deploy that replaced a different image"));
        }
        Map<String, String> annotations = annotations(runId, commit, version);
        annotations.put(ROLLBACK_OF, failedImage);
        ImageChange change = cluster.setImage(ref, environment.container(), target, annotations);
        recordAfterChange(ref, change, new DeploymentRecord(ref, environment.name(), runId, DeploymentStatus.ROLLED_BACK,
                target, failedImage, commit, version, reason, null, clock.instant()));
        return new DeployResult(environment.name(), ref.namespace(), ref.deployment(), target, change.previousImage(),
                change.generation());
    }

    /**
     * A manual rollback (the rollback state machine): sets {@code environment} back to the newest SUCCEEDED deployment
     * of {@code version}, or, when {@code version} is null, to the last good one other than the image live now
     * ({@link RollbackTargets}); refuses with {@link NoRollbackTargetException} and changes nothing when there is no
     * such deployment. The Deployment is annotated with the rollback's id, the image it replaces, the target's commit
     * and version and who asked; the change is recorded as DEPLOYING under {@code rollbackId} with the reason and who
     * asked, so that {@link #record} records its outcome like a pipeline deploy's. First the rollback takes the
     * environment's lock ({@link EnvironmentLockedException} while a run or another rollback holds it); {@link #record}
     * releases it, and so does a restore that fails (the rollback state machine records nothing then).
     */
    public RestoreResult restore(String rollbackId, EnvironmentTarget environment, String version, String reason,
                                 String requestedBy) {
        require(rollbackId, "rollbackId");
        DeploymentRef ref = ref(environment);
        require(reason, "reason");
        require(requestedBy, "requestedBy");
        locks.acquire(ref, rollbackId, clock.instant());
        try {
            return restoreLocked(rollbackId, environment, ref, version, reason, requestedBy);
        } catch (RuntimeException e) {
            locks.release(ref, rollbackId);
            throw e;
        }
    }

    private RestoreResult restoreLocked(String rollbackId, EnvironmentTarget environment, DeploymentRef ref,
                                        String version, String reason, String requestedBy) {
        String live = cluster.currentImage(ref, environment.container());
        DeploymentRecord target = new RollbackTargets(history).find(environment.name(), ref, version, live);
        Map<String, String> annotations = annotations(rollbackId, target.commit(), target.version());
        annotations.put(ROLLBACK_OF, live);
        annotations.put(REQUESTED_BY, requestedBy);
        Optional<ReleaseRevision> release = revisions == null ? Optional.empty() : revisions.byRun(ref, target.runId());
        if (release.isPresent()) {
            Applied applied = reapply(ref, environment, rollbackId, release.get(), annotations);
            recordAfterChange(ref, applied.change(), new DeploymentRecord(ref, environment.name(), rollbackId,
                    DeploymentStatus.DEPLOYING, target.image(), live, target.commit(), target.version(), reason,
                    requestedBy, clock.instant()));
            return new RestoreResult(environment.name(), ref.namespace(), ref.deployment(), target.image(), live,
                    applied.change().generation(), target.commit(), target.version());
        }
        ImageChange change = cluster.setImage(ref, environment.container(), target.image(), annotations);
        recordAfterChange(ref, change, new DeploymentRecord(ref, environment.name(), rollbackId,
                DeploymentStatus.DEPLOYING, target.image(), change.previousImage(), target.commit(), target.version(),
                reason, requestedBy, clock.instant()));
        return new RestoreResult(environment.name(), ref.namespace(), ref.deployment(), target.image(),
                change.previousImage(), change.generation(), target.commit(), target.version());
    }

    /**
     * Records the outcome of this run's deployment: SUCCEEDED (only if the cluster runs that image now) or FAILED.
     * Commit, version, reason and who asked are taken from the run's (or manual rollback's)
     * DEPLOYING item. The environment's deploy is over: from now on a
     * newer push supersedes the run again ({@link Supersession#doneDeploying}), and the environment's lock is released
     * (also when recording fails: the change is over either way).
     */
    public RecordResult record(String runId, EnvironmentTarget environment, String image, String previousImage,
                               String status) {
        require(runId, "runId");
        DeploymentRef ref = ref(environment);
        require(image, "image");
        require(status, "status");
        try {
            return recordOutcome(runId, environment, ref, image, previousImage, status);
        } finally {
            locks.release(ref, runId);
        }
    }

    private RecordResult recordOutcome(String runId, EnvironmentTarget environment, DeploymentRef ref, String image,
                                       String previousImage, String status) {
        DeploymentStatus outcome = switch (status) {
            case "SUCCEEDED" -> DeploymentStatus.SUCCEEDED;
            case "FAILED" -> DeploymentStatus.FAILED;
            default -> throw new InvalidDeployRequestException("status '" + status
                    + "' cannot be recorded: use SUCCEEDED or FAILED (DEPLOYING and ROLLED_BACK are recorded by deploy and rollback)");
        };
        if (outcome == DeploymentStatus.SUCCEEDED) {
            String live = cluster.currentImage(ref, environment.container());
            if (!live.equals(image)) {
                throw new DeployException("Deploy.ImageMismatch", "will not record " + image + " as SUCCEEDED on " + ref
                        + ": container '" + environment.container() + "' runs " + live);
            }
        }
        Optional<DeploymentRecord> deploying = history.findByRun(ref, runId, DeploymentStatus.DEPLOYING);
        Instant now = clock.instant();
        supersession.doneDeploying(runId, now);
        history.record(new DeploymentRecord(ref, environment.name(), runId, outcome, image, previousImage,
                deploying.map(DeploymentRecord::commit).orElse(null),
                deploying.map(DeploymentRecord::version).orElse(null),
                deploying.map(DeploymentRecord::reason).orElse(null),
                deploying.map(DeploymentRecord::requestedBy).orElse(null), now));
        return new RecordResult(environment.name(), ref.namespace(), ref.deployment(), image, outcome.name(), now.toString());
    }

    /**
     * What changed from revision {@code from} to revision {@code to} of the environment's releases: images, replicas,
     * ConfigMap and Secret keys (never values), as {@link ReleaseSummary#changesSince} says it.
     */
    public List<String> changesBetween(EnvironmentTarget environment, int from, int to) {
        DeploymentRef ref = ref(environment);
        if (revisions == null) {
            throw new DeployException("Deploy.NoRevisions", "no release revisions store is wired");
        }
        ReleaseRevision before = revisions.byNumber(ref, from).orElseThrow(() -> new InvalidDeployRequestException(
                "release revision " + from + " of " + ref + " is not recorded"));
        ReleaseRevision after = revisions.byNumber(ref, to).orElseThrow(() -> new InvalidDeployRequestException(
                "release revision " + to + " of " + ref + " is not recorded"));
        return after.summary().changesSince(before.summary());
    }

    /** The rollout that produced {@code generation}, as {@code kubectl rollout status} would judge it. */
    public RolloutStatus rollout(String namespace, String deployment, Long generation) {
        DeploymentRef ref = new DeploymentRef(namespace, deployment);
        if (generation == null || generation < 1) {
            throw new InvalidDeployRequestException("generation is missing or not positive (deployment " + ref
                    + "): pass the generation the deploy returned");
        }
        return cluster.rolloutStatus(ref, generation);
    }

    /**
     * Healthy when the Deployment is available with all replicas ready and, if a base URL is configured for it, a
     * GET of the health path answers 2xx. The detail says which checks were made and which were not, and why.
     */
    public HealthReport health(String namespace, String deployment, String healthPath) {
        DeploymentRef ref = new DeploymentRef(namespace, deployment);
        Readiness readiness = cluster.readiness(ref);
        Optional<URI> base = endpoints.baseUrl(ref);
        if (!readiness.ready()) {
            return new HealthReport(false, readiness.detail() + "; HTTP probe not made: the deployment is not ready");
        }
        if (base.isEmpty()) {
            return new HealthReport(true, readiness.detail() + "; HTTP probe skipped: no base URL configured for "
                    + ref + " (" + HealthEndpoints.VARIABLE + ")");
        }
        if (healthPath == null || healthPath.isBlank()) {
            return new HealthReport(true, readiness.detail() + "; HTTP probe skipped: the environment has no healthPath");
        }
        HttpProbe.Answer answer = probe.get(HealthEndpoints.resolve(base.get(), healthPath));
        return new HealthReport(answer.healthy(), readiness.detail() + "; " + answer.detail());
    }

    /** The release the run's commit declares for the environment, or empty when it declares none (image-only deploy). */
    private Optional<RenderedRelease> render(String runId, EnvironmentTarget environment, String image,
                                             Map<String, String> annotations) {
        String directory = environment.manifestSettings().directoryFor(environment.name());
        List<ManifestFile> files = manifests.files(runId, directory);
        if (files.isEmpty()) {
            if (environment.manifestSettings().configured()) {
                throw new ManifestRefusedException("environment " + environment.name() + " names manifests '" + directory
                        + "' but run " + runId + "'s build left none (is the directory at the commit, and does the build"
                        + " stage copy it to reports/build/manifests/" + directory + "/?)");
            }
            return Optional.empty();
        }
        if (revisions == null) {
            throw new DeployException("Deploy.NoRevisions", "run " + runId + " has manifests for " + environment.name()
                    + " but no release revisions store is wired to record them");
        }
        return Optional.of(ReleaseRenderer.render(environment, files, image, annotations));
    }

    /** A release applied: its revision, the change it made to the followed workload. */
    private record Applied(ReleaseRevision revision, ImageChange change) {
        DeployResult result(EnvironmentTarget environment, DeploymentRef ref) {
            return new DeployResult(environment.name(), ref.namespace(), ref.deployment(), change.image(),
                    change.previousImage(), change.generation(), revision.number(), revision.changes());
        }
    }

    /** Re-applies an earlier revision whole, as a new revision; its workloads annotated with the rollback. */
    private Applied reapply(DeploymentRef ref, EnvironmentTarget environment, String runId, ReleaseRevision target,
                            Map<String, String> annotations) {
        List<ObjectNode> objects = new ArrayList<>();
        for (ObjectNode stored : target.objects()) {
            ObjectNode object = stored.deepCopy();
            if (ReleaseRenderer.WORKLOADS.contains(object.path("kind").asText())) {
                annotations.forEach(object.with("metadata").with("annotations")::put);
            }
            objects.add(object);
        }
        return applyRelease(ref, environment, runId, target.commit(), target.version(), target.image(), objects,
                target.digest(), target.summary(), target.followed(), target.number(), true);
    }

    /**
     * Applies a release's objects in order, records it as the next revision, then prunes: what the previous revision
     * applied and this one does not (never a Namespace), and the hashed ConfigMaps and Secrets no longer used by the
     * last {@code keepReleases} revisions; only objects carrying the project's and the environment's labels. A
     * revision's Secrets hold no values ({@code fromRevision}): they are not applied but must still exist.
     */
    private Applied applyRelease(DeploymentRef ref, EnvironmentTarget environment, String runId, String commit,
                                 String version, String image, List<ObjectNode> objects, String digest,
                                 ReleaseSummary summary, String followed, Integer rollbackOf, boolean fromRevision) {
        String namespace = ref.namespace();
        Optional<ReleaseRevision> previous = revisions.latest(ref);
        String previousImage = liveImage(ref, environment.container());
        List<ObjectNode> toApply = new ArrayList<>();
        for (ObjectNode object : objects) {
            String kind = object.path("kind").asText();
            String name = object.path("metadata").path("name").asText();
            if (fromRevision && kind.equals("Secret")) {
                if (!cluster.exists(namespace, kind, name)) {
                    throw new DeployException("Deploy.SecretGone", "cannot re-apply release revision " + rollbackOf
                            + " of " + ref + ": its Secret " + name + " is no longer in the cluster (hashed Secrets are"
                            + " kept for the last " + keepReleases + " releases; their values are never stored)");
                }
                continue;
            }
            toApply.add(object);
        }
        Map<String, Long> generations = cluster.apply(namespace, toApply, ReleaseRenderer.PROJECT);
        List<String> keys = objects.stream()
                .map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()).toList();
        List<String> gone = previous.map(ReleaseRevision::keys).orElse(List.of()).stream()
                .filter(key -> !keys.contains(key))
                .filter(key -> !key.startsWith("Namespace/") && !ReleaseRenderer.CONFIG.contains(kindOf(key)))
                .toList();
        List<String> changes = new ArrayList<>(summary.changesSince(previous.map(ReleaseRevision::summary).orElse(null)));
        gone.forEach(key -> changes.add("pruned " + key));
        ReleaseRevision recorded = revisions.record(new ReleaseRevision(ref, environment.name(), 0, runId, commit,
                version, image, digest, RenderedRelease.withoutSecretValues(objects), summary, followed, changes,
                rollbackOf, clock.instant()));
        Map<String, String> labels = Map.of(ReleaseRenderer.MANAGED_BY, ReleaseRenderer.PROJECT,
                ReleaseRenderer.ENVIRONMENT, environment.name());
        for (String key : gone) {
            cluster.deleteIfLabelled(namespace, kindOf(key), key.substring(key.indexOf('/') + 1), labels);
        }
        Set<String> kept = new HashSet<>();
        revisions.recent(ref, keepReleases).forEach(revision -> kept.addAll(revision.keys()));
        for (String kind : ReleaseRenderer.CONFIG) {
            for (String name : cluster.namesLabelled(namespace, kind, labels)) {
                if (!kept.contains(kind + "/" + name)) {
                    cluster.deleteIfLabelled(namespace, kind, name, labels);
                }
            }
        }
        long generation = generations.getOrDefault(followed, 0L);
        return new Applied(recorded, new ImageChange(previousImage, image, generation));
    }

    private static String kindOf(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    /** The image the environment's container runs now, or null when its workload does not exist yet. */
    private String liveImage(DeploymentRef ref, String container) {
        try {
            return cluster.currentImage(ref, container);
        } catch (DeploymentNotFoundException e) {
            return null;
        }
    }

    private void recordAfterChange(DeploymentRef ref, ImageChange change, DeploymentRecord record) {
        try {
            history.record(record);
        } catch (RuntimeException e) {
            throw new DeployException("Deploy.RecordFailed", change.image() + " was set on " + ref + " (generation "
                    + change.generation() + ", replacing " + change.previousImage() + ") but recording it as "
                    + record.status() + " failed: " + e.getMessage(), e);
        }
    }

    private static DeploymentRef ref(EnvironmentTarget environment) {
        if (environment == null) {
            throw new InvalidDeployRequestException("environment is missing");
        }
        DeploymentRef ref = new DeploymentRef(environment.namespace(), environment.deployment());
        if (environment.container() == null || environment.container().isBlank()) {
            throw new InvalidDeployRequestException("environment.container is missing (deployment " + ref + ")");
        }
        return ref;
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidDeployRequestException(field + " is missing");
        }
    }

    /** What every change of an environment is annotated with: the run (or rollback), and commit and version when known. */
    private static Map<String, String> annotations(String runId, String commit, String version) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(RUN_ID, runId);
        if (commit != null && !commit.isBlank()) {
            annotations.put(COMMIT, commit);
        }
        if (version != null && !version.isBlank()) {
            annotations.put(VERSION, version);
        }
        return annotations;
    }

    private static RunSupersededException doesNotDeploy(String runId, EnvironmentTarget environment, DeploymentRef ref,
                                                        Supersession.Superseded superseded) {
        return new RunSupersededException("run " + runId + " does not deploy to " + environment.name() + " (" + ref
                + "): " + superseded.cause());
    }
}
