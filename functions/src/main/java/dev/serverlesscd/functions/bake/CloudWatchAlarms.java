package dev.serverlesscd.functions.bake;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;

/**
 * CloudWatch's alarms by {@code DescribeAlarms}: metric and composite alarms, by name (at most 100, the API's limit),
 * every page read.
 */
public final class CloudWatchAlarms implements Alarms {
    static final int MAX_NAMES = 100;
    private final CloudWatchClient cloudWatch;

    public CloudWatchAlarms(CloudWatchClient cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    @Override
    public List<AlarmState> describe(List<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        if (names.size() > MAX_NAMES) {
            throw new IllegalArgumentException(names.size() + " alarm names; DescribeAlarms takes at most " + MAX_NAMES);
        }
        List<AlarmState> states = new ArrayList<>();
        String token = null;
        do {
            DescribeAlarmsResponse page = cloudWatch.describeAlarms(DescribeAlarmsRequest.builder()
                    .alarmNames(names)
                    .alarmTypes(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM)
                    .nextToken(token)
                    .build());
            page.metricAlarms().forEach(a -> states.add(new AlarmState(a.alarmName(), a.stateValueAsString(),
                    a.stateReason())));
            page.compositeAlarms().forEach(a -> states.add(new AlarmState(a.alarmName(), a.stateValueAsString(),
                    a.stateReason())));
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return states;
    }
}
