package dev.serverlesscd.functions.run;

import java.util.List;

/** One page of a run listing, newest first; {@code next} is the opaque cursor of the next page, null on the last. */
public record RunPage(List<Run> runs, String next) {
    public RunPage {
        runs = List.copyOf(runs);
    }
}
