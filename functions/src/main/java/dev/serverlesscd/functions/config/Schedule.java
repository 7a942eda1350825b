package dev.serverlesscd.functions.config;

/**
 * A run a repository gets on a clock ({@code schedules:} in the configuration): {@code cron} in UTC, the
 * {@code ref} it runs ({@code refs/heads/main}, {@code refs/tags/v1.0}; routed by the ref's branch or tag rule),
 * the {@code tier} its gates use (null: the rule's tier), and whether it deploys to the rule's environments
 * ({@code deploy}; by default a scheduled run is checks only).
 */
public record Schedule(String name, CronExpression cron, String ref, String tier, boolean deploy) {
}
