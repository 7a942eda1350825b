package dev.serverlesscd.functions.bake;

import java.util.List;

/** The state of alarms by name: CloudWatch's on AWS ({@link CloudWatchAlarms}), set by hand locally ({@link InMemoryAlarms}). */
public interface Alarms {

    /** One alarm's state ({@code OK}, {@code ALARM} or {@code INSUFFICIENT_DATA}) and why it is in it. */
    record AlarmState(String name, String state, String reason) {
        public boolean firing() {
            return "ALARM".equals(state);
        }
    }

    /** The states of the alarms among {@code names} that exist; an alarm that does not exist is left out. */
    List<AlarmState> describe(List<String> names);
}
