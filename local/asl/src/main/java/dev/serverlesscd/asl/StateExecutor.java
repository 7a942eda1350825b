package dev.serverlesscd.asl;

/**
 * Runs the body of one type of state: from the state's input (in {@link StateRun}) to its {@link Outcome}. The
 * {@link Runner} records the entered and exited events around it, and {@link ErrorHandling} applies Retry and Catch.
 */
interface StateExecutor<S extends State> {
    Outcome execute(S state, StateRun run);
}
