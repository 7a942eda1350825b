package dev.serverlesscd.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code schedules:} and the pull request filter ({@code pullRequests.baseBranches}, {@code labels}). */
@Tag("unit")
class TriggersConfigTest {

    @Test
    void parse_shouldReadSchedulesAndThePullRequestFilter() {
        // GIVEN a nightly and a weekly run, and pull requests into main or release branches carrying a label
        String yaml = """
                repositories:
                  acme/orders-service:
                    environments:
                      staging: {namespace: orders-staging, deployment: orders}
                    schedules:
                      - {name: nightly, cron: "0 2 * * *", ref: main, tier: full}
                      - {name: weekly, cron: "@weekly", ref: refs/tags/v1.0, deploy: true}
                    pullRequests:
                      baseBranches: [main, "release/*"]
                      labels: [ci, benchmark]
                """;

        // WHEN it is loaded
        RepositoryConfig repository = PipelineConfigLoader.parse(yaml, "test").repository("acme/orders-service")
                .orElseThrow();

        // THEN both schedules are there with full refs, and the filter keeps what it lists
        assertThat(repository.triggers().schedules()).containsExactly(
                new Schedule("nightly", CronExpression.parse("0 2 * * *"), "refs/heads/main", "full", false),
                new Schedule("weekly", CronExpression.parse("0 0 * * 0"), "refs/tags/v1.0", null, true));
        PullRequestFilter filter = repository.triggers().pullRequests();
        assertThat(filter.refusal("main", List.of("ci"), null)).isEmpty();
        assertThat(filter.refusal("release/2.1", List.of("benchmark", "bug"), null)).isEmpty();
        assertThat(filter.refusal("develop", List.of("ci"), null)).contains("base branch develop matches none of [main, release/*]");
        assertThat(filter.refusal("main", List.of("bug"), null)).contains("it carries none of the labels [ci, benchmark]");
        assertThat(filter.refusal("main", List.of("ci", "bug"), "bug")).contains("label bug is not one that runs pull requests [ci, benchmark]");
        assertThat(filter.refusal("main", List.of("ci"), "ci")).isEmpty();
    }

    @Test
    void parse_withoutTheNewFields_shouldRunEveryPullRequest_andScheduleNothing() {
        RepositoryConfig repository = PipelineConfigLoader.parse("repositories:\n  acme/x: {}\n", "test")
                .repository("acme/x").orElseThrow();

        assertThat(repository.triggers()).isEqualTo(Triggers.NONE);
        assertThat(repository.triggers().pullRequests().refusal("anything", List.of(), null)).isEmpty();
    }

    @Test
    void parse_shouldReportEveryProblem_withFieldAndLine() {
        String yaml = """
                repositories:
                  acme/orders-service:
                    branches:
                      - {pattern: main, tier: full}
                    schedules:
                      - {name: nightly, cron: "0 2 * *", ref: main}
                      - {name: nightly, cron: "0 3 * * *", ref: main}
                      - {name: Weekly!, cron: "0 0 * * SUN", ref: develop, tier: fulll}
                      - {cron: "0 0 1 * MON", ref: "refs/pull/1/head", deploy: maybe, when: always}
                    pullRequests:
                      baseBranches: []
                      labels: [ci, ci]
                """;

        PipelineConfigException e = catchThrowableOfType(() -> PipelineConfigLoader.parse(yaml, "test"),
                PipelineConfigException.class);

        String at = "repositories.acme/orders-service.schedules";
        assertThat(e.problems()).containsExactly(
                at + "[0].cron (line 6): '0 2 * *' has 4 fields; a cron expression has 5: minute hour day-of-month month day-of-week",
                at + "[1].name (line 7): 'nightly' is defined twice",
                at + "[2].name (line 8): 'Weekly!' must be lower case letters, digits and '-', at most 32",
                at + "[2].ref (line 8): branch develop matches no branches rule, so nothing would run it",
                at + "[2].tier (line 8): unknown tier 'fulll'; known: basic, full, standard",
                at + "[3].when (line 9): unknown field; expected one of cron, deploy, name, ref, tier",
                at + "[3].name (line 9): required",
                at + "[3].cron (line 9): '0 0 1 * MON' restricts both day-of-month and day-of-week; restrict one and leave the other *, as EventBridge Scheduler requires",
                at + "[3].ref (line 9): 'refs/pull/1/head' is not a branch (NAME, refs/heads/NAME) or a tag (refs/tags/NAME)",
                at + "[3].deploy (line 9): 'maybe' must be true or false",
                "repositories.acme/orders-service.pullRequests.baseBranches (line 11): at least one branch pattern; leave the field out to run pull requests into any branch",
                "repositories.acme/orders-service.pullRequests.labels (line 12): 'ci' is listed twice");
    }
}
