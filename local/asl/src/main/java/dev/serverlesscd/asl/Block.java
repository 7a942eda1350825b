package dev.serverlesscd.asl;

import java.util.Map;

/**
 * One {@code StartAt} + {@code States} block: the top level, a Parallel branch or a Map's ItemProcessor.
 *
 * @param nonBlocking true when no state in it (or in blocks nested in it) can wait: only Pass, Choice, Succeed, Fail
 *                    and Parallel/Map over such blocks. Such a branch or iteration runs to its end on the thread that
 *                    starts it, as no clock, task or callback can interleave with it.
 */
record Block(String startAt, Map<String, State> states, QueryLanguage queryLanguage, boolean nonBlocking) {
    State state(String name) {
        return states.get(name);
    }
}
