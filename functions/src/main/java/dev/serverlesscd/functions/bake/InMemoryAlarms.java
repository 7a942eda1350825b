package dev.serverlesscd.functions.bake;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alarms held in memory, for the local runtime (which has no CloudWatch) and tests: an alarm exists once it is
 * {@link #set}, and is then described with that state.
 */
public final class InMemoryAlarms implements Alarms {
    private final Map<String, AlarmState> alarms = new ConcurrentHashMap<>();

    /** Creates or changes an alarm. */
    public InMemoryAlarms set(String name, String state, String reason) {
        alarms.put(name, new AlarmState(name, state, reason));
        return this;
    }

    @Override
    public List<AlarmState> describe(List<String> names) {
        return names.stream().map(alarms::get).filter(java.util.Objects::nonNull).toList();
    }
}
