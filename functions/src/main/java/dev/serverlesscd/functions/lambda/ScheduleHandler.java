package dev.serverlesscd.functions.lambda;

import dev.serverlesscd.functions.webhook.RequestedRuns;
import dev.serverlesscd.functions.webhook.WebhookAnswer;
import dev.serverlesscd.functions.wiring.AwsPorts;
import dev.serverlesscd.functions.wiring.Ports;
import dev.serverlesscd.functions.wiring.Services;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The target of each EventBridge Scheduler schedule the CDK app creates: its input is
 * {@code {"repository", "schedule", "scheduledTime": "<aws.scheduler.scheduled-time>"}}, and the run of that
 * schedule at that time starts once however often it is invoked (Scheduler's retries). The answer is returned as the
 * function's result ({@code status}, {@code message}, and the run); a request the configuration does not know fails
 * the invocation, so Scheduler's dead-letter handling and the function's error alarm see it.
 */
public final class ScheduleHandler extends JsonHandler<ScheduleHandler.Fire, Map<String, Object>> {

    /** What each schedule's target input holds. */
    public record Fire(String repository, String schedule, String scheduledTime) {
    }

    private final RequestedRuns runs;
    private final Priming priming;

    /** Lambda's constructor: the container's {@link AwsPorts}. */
    public ScheduleHandler() {
        this(AwsPorts.container());
    }

    public ScheduleHandler(Ports ports) {
        super(Fire.class);
        this.runs = Services.requestedRuns(ports);
        this.priming = Priming.register(this, () -> {
            read("{}");
            ports.runs().find(Priming.NEVER_AN_ID);
        });
    }

    /** What runs before the SnapStart snapshot. */
    Priming priming() {
        return priming;
    }

    @Override
    protected Map<String, Object> handle(Fire fire) {
        if (fire == null || fire.scheduledTime() == null) {
            throw new IllegalArgumentException("a schedule's input needs repository, schedule and scheduledTime");
        }
        Instant at;
        try {
            at = Instant.parse(fire.scheduledTime());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("scheduledTime '" + fire.scheduledTime() + "' is not an ISO-8601 instant");
        }
        WebhookAnswer answer = runs.scheduled(fire.repository(), fire.schedule(), at);
        if (answer.status() == 400 || answer.status() >= 500) {
            throw new IllegalStateException("schedule " + fire.schedule() + " of " + fire.repository() + ": "
                    + answer.status() + " " + answer.messageText());
        }
        Map<String, Object> result = new java.util.LinkedHashMap<>(answer.body());
        result.put("status", answer.status());
        return result;
    }
}
