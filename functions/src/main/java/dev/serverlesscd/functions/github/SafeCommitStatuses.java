package dev.serverlesscd.functions.github;

import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A commit status is information for the pull request, never a reason to fail a run: this decorator logs a status
 * that could not be posted, with the reason, and returns normally whatever happened.
 */
public final class SafeCommitStatuses implements CommitStatuses {
    private static final Logger LOG = LoggerFactory.getLogger(SafeCommitStatuses.class);

    private final CommitStatuses delegate;
    private final Consumer<String> warnings;

    public SafeCommitStatuses(CommitStatuses delegate) {
        this(delegate, LOG::warn);
    }

    /** {@code warnings}: where the line about a failed post goes (the log; a list in tests). */
    public SafeCommitStatuses(CommitStatuses delegate, Consumer<String> warnings) {
        this.delegate = Objects.requireNonNull(delegate, "commit statuses");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /** {@code statuses} as they are if they are already safe, else wrapped. */
    public static CommitStatuses of(CommitStatuses statuses) {
        return statuses instanceof SafeCommitStatuses || statuses instanceof LoggingCommitStatuses
                ? statuses : new SafeCommitStatuses(statuses);
    }

    @Override
    public void post(CommitStatus status) {
        try {
            delegate.post(status);
        } catch (RuntimeException e) {
            String line = e instanceof CommitStatusException
                    ? "Not posted: " + e.getMessage()
                    : "Not posted: commit status " + status.state().apiValue() + " " + status.context() + " on "
                            + status.repository() + "@" + status.sha() + ": " + e;
            try {
                warnings.accept(line + " (the run goes on)");
            } catch (RuntimeException logFailed) {
                // nothing left to tell: the run must not fail for a status
            }
        }
    }
}
