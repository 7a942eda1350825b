package dev.serverlesscd.functions.deploy;

import java.util.List;
import java.util.Optional;

/**
 * The recorded releases of each environment (keyed like the deployment history, by {@link DeploymentRef}): what the
 * automatic and the manual rollback re-apply. {@link DynamoDbReleaseRevisions} is the implementation.
 */
public interface ReleaseRevisions {

    /**
     * Records {@code revision} under the next number of its environment (its {@code number} is ignored) and answers
     * it as recorded; refused with {@code Deploy.AlreadyRecorded} if another release took that number meanwhile.
     */
    ReleaseRevision record(ReleaseRevision revision);

    /** The newest revision, if any. */
    Optional<ReleaseRevision> latest(DeploymentRef ref);

    /** The newest revision applied by {@code runId} (a pipeline run or a manual rollback). */
    Optional<ReleaseRevision> byRun(DeploymentRef ref, String runId);

    /** Revision {@code number}, if recorded. */
    Optional<ReleaseRevision> byNumber(DeploymentRef ref, int number);

    /** The newest revisions, newest first. */
    List<ReleaseRevision> recent(DeploymentRef ref, int limit);
}
