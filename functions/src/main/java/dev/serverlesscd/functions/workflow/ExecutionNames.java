package dev.serverlesscd.functions.workflow;

import java.util.regex.Pattern;

/**
 * The one rule that names a run and its execution after the GitHub delivery that caused it:
 * {@code run-<X-GitHub-Delivery>}. Step Functions keeps a name unique per state machine (90 days for a closed
 * Standard execution), which makes a second start of the same delivery a no-op.
 */
public final class ExecutionNames {
    /** What GitHub sends as X-GitHub-Delivery (a GUID), and what a Step Functions name may hold. */
    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private ExecutionNames() {
    }

    public static boolean isValidDeliveryId(String deliveryId) {
        return deliveryId != null && DELIVERY_ID.matcher(deliveryId).matches();
    }

    /** The run id, which is also the execution name: at most 68 characters of [A-Za-z0-9-]. */
    public static String runId(String deliveryId) {
        if (!isValidDeliveryId(deliveryId)) {
            throw new IllegalArgumentException("'" + deliveryId + "' is not a GitHub delivery id");
        }
        return "run-" + deliveryId;
    }
}
