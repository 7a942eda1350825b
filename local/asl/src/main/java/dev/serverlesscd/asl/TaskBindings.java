package dev.serverlesscd.asl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Resource patterns (exact ARN, or a glob where {@code *} matches any run of characters) to bindings; first match wins. */
public final class TaskBindings {
    private record Entry(String pattern, Pattern regex, TaskBinding binding) {
    }

    private final List<Entry> entries;

    private TaskBindings(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static TaskBindings none() {
        return builder().build();
    }

    /** The first binding whose pattern matches {@code resource}. */
    public Optional<TaskBinding> find(String resource) {
        for (Entry e : entries) {
            if (e.regex.matcher(resource).matches()) {
                return Optional.of(e.binding);
            }
        }
        return Optional.empty();
    }

    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        public Builder bind(String resourcePattern, TaskBinding binding) {
            StringBuilder regex = new StringBuilder();
            for (String part : resourcePattern.split("\\*", -1)) {
                regex.append(Pattern.quote(part)).append(".*");
            }
            regex.setLength(regex.length() - 2);
            entries.add(new Entry(resourcePattern, Pattern.compile(regex.toString()), binding));
            return this;
        }

        public TaskBindings build() {
            return new TaskBindings(entries);
        }
    }
}
