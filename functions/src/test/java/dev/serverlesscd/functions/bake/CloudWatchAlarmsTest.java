package dev.serverlesscd.functions.bake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.CompositeAlarm;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/** DescribeAlarms by name, metric and composite alarms, every page; against a fake of the SDK's client. */
@Tag("unit")
class CloudWatchAlarmsTest {

    @Test
    void describe_shouldAskForTheNamedAlarmsOfBothTypes_andReadEveryPage() {
        // GIVEN two pages: a metric alarm, then a composite one
        List<DescribeAlarmsRequest> requests = new ArrayList<>();
        CloudWatchClient cloudWatch = new CloudWatchClient() {
            @Override
            public DescribeAlarmsResponse describeAlarms(DescribeAlarmsRequest request) {
                requests.add(request);
                return request.nextToken() == null
                        ? DescribeAlarmsResponse.builder().nextToken("page-2").metricAlarms(MetricAlarm.builder()
                                .alarmName("orders-5xx").stateValue(StateValue.ALARM)
                                .stateReason("Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).")
                                .build()).build()
                        : DescribeAlarmsResponse.builder().compositeAlarms(CompositeAlarm.builder()
                                .alarmName("orders-health").stateValue(StateValue.OK).stateReason("fine").build()).build();
            }

            @Override
            public String serviceName() {
                return "cloudwatch";
            }

            @Override
            public void close() {
            }
        };

        // WHEN
        List<Alarms.AlarmState> states = new CloudWatchAlarms(cloudWatch).describe(List.of("orders-5xx", "orders-health"));

        // THEN
        assertThat(states).containsExactly(
                new Alarms.AlarmState("orders-5xx", "ALARM",
                        "Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0)."),
                new Alarms.AlarmState("orders-health", "OK", "fine"));
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).alarmNames()).containsExactly("orders-5xx", "orders-health");
        assertThat(requests.get(0).alarmTypes()).containsExactly(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM);
        assertThat(requests.get(1).nextToken()).isEqualTo("page-2");
        assertThat(states.get(0).firing()).isTrue();
        assertThat(states.get(1).firing()).isFalse();
    }

    @Test
    void describe_shouldNotCallCloudWatch_forNoNames() {
        assertThat(new CloudWatchAlarms(null).describe(List.of())).isEmpty();
    }
}
