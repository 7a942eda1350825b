package dev.serverlesscd.functions.github;

import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commit statuses are off (no token configured, or a caller that never asked for them): logs what would have been
 * posted and why it was not, so nobody mistakes silence for a green commit. Posts nothing, never throws.
 */
public final class LoggingCommitStatuses implements CommitStatuses {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingCommitStatuses.class);

    private final String why;
    private final Consumer<String> log;

    /** {@code why}: the reason statuses are off, e.g. "neither GITHUB_TOKEN_SECRET_ARN nor GITHUB_TOKEN is set". */
    public LoggingCommitStatuses(String why) {
        this(why, LOG::info);
    }

    public LoggingCommitStatuses(String why, Consumer<String> log) {
        this.why = Objects.requireNonNull(why, "why");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void post(CommitStatus status) {
        try {
            log.accept("GitHub commit statuses are off (" + why + "): not posting " + status.state().apiValue() + " "
                    + status.context() + " on " + status.repository() + "@" + status.sha() + ": "
                    + status.description() + (status.targetUrl() == null ? "" : " <" + status.targetUrl() + ">"));
        } catch (RuntimeException logFailed) {
            // a log line is never a reason to fail a run
        }
    }
}
