package dev.serverlesscd.asl;

/** Sees every history event as it is recorded (on the executor's threads; keep it quick). */
@FunctionalInterface
public interface ExecutionListener {
    void onEvent(Execution execution, HistoryEvent event);
}
