package dev.serverlesscd.functions.github;

import dev.serverlesscd.functions.github.GitHubClient.CommitInfo;
import java.util.List;

/** What the local GitHub adapter reads from a repository's history: its tags, and the commits between two refs. */
public interface GitHistory {

    /** The tags, newest first. */
    List<String> tags(String repository);

    /** The commits reachable from {@code head} and not from {@code base}, oldest first. */
    List<CommitInfo> compare(String repository, String base, String head);

    /** No history: no tags, no commits. */
    GitHistory NONE = new GitHistory() {
        @Override
        public List<String> tags(String repository) {
            return List.of();
        }

        @Override
        public List<CommitInfo> compare(String repository, String base, String head) {
            return List.of();
        }
    };
}
