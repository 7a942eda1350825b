package dev.serverlesscd.functions.github;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard {@link GitHubCommitStatuses} tries.
 *
 * @param maxAttempts    attempts in all for 5xx answers and connection errors (the first included)
 * @param initialBackoff the wait before the second attempt; it doubles for each further one, with jitter (half of it
 *                       fixed, half random)
 * @param maxBackoff     no single backoff waits longer
 * @param budget         the most one status may take, requests and waits together: a rate limit that resets later
 *                       than that, or a backoff that would end past it, ends the attempts (a Lambda must not sleep for
 *                       an hour to post a status)
 * @param requestTimeout one request's timeout (shortened to what is left of the budget)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration budget,
                          Duration requestTimeout) {
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(10);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (Objects.requireNonNull(budget, "budget").isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("the budget must be positive, was " + budget);
        }
    }

    /** 4 attempts, backoff from 500 ms doubling up to 4 s, 5 s per request, everything within {@code budget}. */
    public static RetryPolicy withBudget(Duration budget) {
        return new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(4), budget, Duration.ofSeconds(5));
    }

    public static RetryPolicy defaults() {
        return withBudget(DEFAULT_BUDGET);
    }

    /** The wait before attempt {@code attempt + 1}: {@code initialBackoff * 2^(attempt-1)}, capped, half of it jittered. */
    Duration backoff(int attempt, double random) {
        long base = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        return Duration.ofMillis(capped / 2 + Math.round(capped / 2.0 * random));
    }
}
