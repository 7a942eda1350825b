package dev.serverlesscd.functions.github;

import java.util.ArrayList;
import java.util.List;

/** Commit statuses that are kept, for assertions. */
public final class RecordingStatuses implements CommitStatuses {
    private final List<CommitStatus> posted = new ArrayList<>();

    @Override
    public synchronized void post(CommitStatus status) {
        posted.add(status);
    }

    public synchronized List<CommitStatus> posted() {
        return List.copyOf(posted);
    }
}
