package dev.serverlesscd.functions.coldstart;

import java.lang.management.ManagementFactory;

/**
 * What a probe prints once its first event is handled, one line the outer harness reads: the JVM's start
 * ({@code RuntimeMXBean} start time), when the handler was constructed and when the event was handled, both in
 * milliseconds since that start, the classes loaded so far, and a short description of the answer. JDK classes
 * only, so both probes can use it.
 */
final class Probes {
    static final String PREFIX = "COLDSTART ";

    private Probes() {
    }

    static void report(long constructedAt, long handledAt, String answer) {
        long start = ManagementFactory.getRuntimeMXBean().getStartTime();
        int classes = (int) ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        System.out.println(PREFIX + "construct=" + (constructedAt - start) + " first=" + (handledAt - start)
                + " classes=" + classes + " answer=" + answer.replaceAll("\\s+", " "));
        System.out.flush();
    }
}
