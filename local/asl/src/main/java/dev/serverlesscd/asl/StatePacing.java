package dev.serverlesscd.asl;

/**
 * Called on an execution's thread before it enters each state: the runtime that embeds the executor may hold the
 * execution back there, e.g. while work that someone waits for goes first. Step Functions promises no time between
 * two states, so an execution held back here is still a correct execution, only a later one.
 */
@FunctionalInterface
public interface StatePacing {
    /** Executions go on at once. */
    StatePacing NONE = () -> { };

    /** Returns when the execution may enter its next state; an interrupt stops the execution. */
    void beforeState() throws InterruptedException;
}
