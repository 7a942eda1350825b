package dev.serverlesscd.functions.bake;

/**
 * The answer to one CheckBake task: {@code BAKING} (wait, then check again), {@code PASSED} (the period ended with
 * no signal fired) or {@code FIRED} ({@code signal} names it, {@code reason} gives its numbers), with the progress
 * the next check continues from and a line on what this check saw.
 */
public record BakeCheck(Status status, String signal, String reason, BakeProgress progress, String detail) {

    public enum Status { BAKING, PASSED, FIRED }
}
