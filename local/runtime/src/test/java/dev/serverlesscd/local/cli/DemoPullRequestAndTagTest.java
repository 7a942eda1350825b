package dev.serverlesscd.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.local.runtime.RepositoryRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipeline demo --pull-request} and {@code --tag} as a user runs them, with the sample's real builds: the pull
 * request's run leaves a comment the demo prints, and its next run edits that comment; a tag's run publishes the release
 * notes the demo prints. The runs share one workspace, as a user's demos do: one DynamoDB Local, one sample repository.
 * The tag's run is on tier standard instead of full (the sample's configuration otherwise): no benchmark stage, which
 * would cost the run its exclusive minute on this machine and is not what these tests are about (GateEndToEndTest runs
 * it); the tag still deploys staging and production, approved, as the sample's tag rule says.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoPullRequestAndTagTest {
    @TempDir
    static Path workspace;

    @Test
    @Order(1)
    void pullRequest_printsTheComment_andItsNextRunEditsTheSameComment() throws Exception {
        // WHEN the demo opens the pull request, then runs again (a new commit on its branch)
        PipelineCliTest.Result opened = PipelineCliTest.run("demo", "--pull-request", "--workspace", workspace.toString());
        Path pull = workspace.resolve("github/acme/orders-service/pulls/42");
        String first = Files.readString(pull.resolve("comment-1.md"));
        PipelineCliTest.Result updated = PipelineCliTest.run("demo", "--pull-request", "--workspace", workspace.toString());

        // THEN each run passed its checks, deployed nothing, and the console shows the comment in full
        assertThat(opened.exitCode()).as(opened.out() + opened.err()).isZero();
        assertThat(updated.exitCode()).as(updated.out() + updated.err()).isZero();
        assertThat(opened.out()).contains("open pull request #42 of acme/orders-service (feature/discount at",
                        "\"tier\":\"standard\"", "GitHub: commented on acme/orders-service#42",
                        "The pull request's comment (github/acme/orders-service/pulls/42/comment-1.md):\n"
                                + "  | <!-- serverless-cd:pull-request -->")
                .doesNotContain("deploy staging");
        assertThat(updated.out()).contains("update pull request #42 of acme/orders-service (feature/discount at",
                "GitHub: edited the comment on acme/orders-service#42",
                "The pull request's comment (github/acme/orders-service/pulls/42/comment-1.md):");
        // AND one comment, edited in place: the second run's
        try (Stream<Path> files = Files.list(pull)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("comments.json", "comment-1.md");
        }
        String second = Files.readString(pull.resolve("comment-1.md"));
        String firstRun = runId(opened.out());
        String secondRun = runId(updated.out());
        assertThat(first).contains("Run `" + firstRun + "`");
        assertThat(second).contains("Run `" + secondRun + "`").doesNotContain(firstRun);
        assertThat(updated.out()).contains("  | " + second.lines().filter(l -> l.contains(secondRun)).findFirst().orElseThrow());
    }

    @Test
    @Order(2)
    void tag_printsTheReleaseNotes_groupedWithBreakingChangesFirst() throws Exception {
        // WHEN the demo releases v1.2.0 (the sample repository has no release yet)
        PipelineCliTest.Result result = demo("--tag", "v1.2.0", "--workspace", workspace.toString());

        // THEN the previous release was tagged, the run deployed and succeeded, and the console shows the notes
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        String out = result.out();
        assertThat(out).contains("tag v1.1.0 at the head of main", "push the tag v1.2.0 at",
                "\"environments\":[\"staging\",\"production\"]", "lead@example.com decides APPROVE for production",
                "GitHub: created the release v1.2.0 of acme/orders-service",
                "The release notes (github/acme/orders-service/releases/v1.2.0.md):\n  | ## v1.2.0\n  | \n"
                        + "  | Changes since v1.1.0.\n  | \n  | ### ⚠️ Breaking changes\n  | \n  | - drop the v1 orders endpoint",
                "  | ### Features\n  | \n  | - **api:** accept coupon codes on orders",
                "  | ### Fixes\n  | \n  | - round order totals half-even");
        String notes = out.substring(out.indexOf("The release notes ("));
        assertThat(notes.indexOf("### ⚠️ Breaking changes")).isLessThan(notes.indexOf("### Features"));
        assertThat(notes.indexOf("### Features")).isLessThan(notes.indexOf("### Fixes"));
        // AND a second demo of the same tag is refused: the tag names its commit already
        PipelineCliTest.Result again = demo("--tag", "v1.2.0", "--workspace", workspace.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("already has the tag v1.2.0");
    }

    /** {@code pipeline demo ARGS} with the sample's configuration, its tags on tier standard. */
    private static PipelineCliTest.Result demo(String... args) {
        return PipelineCliTest.run(() -> {
            DemoCommand demo = new DemoCommand();
            demo.config = tagsOnTierStandard();
            return new picocli.CommandLine(demo);
        }, args);
    }

    private static PipelineConfig tagsOnTierStandard() {
        try {
            String sample = Files.readString(RepositoryRoot.find().resolve("samples/pipeline-config.yml"));
            String tagRule = "{pattern: \"v*\",     tier: full,";
            if (!sample.contains(tagRule)) {
                throw new IllegalStateException("samples/pipeline-config.yml has no rule '" + tagRule + "' to change");
            }
            return PipelineConfigLoader.parse(sample.replace(tagRule, "{pattern: \"v*\",     tier: standard,"),
                    "samples/pipeline-config.yml (tags on tier standard for the test)");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The run id the demo's summary names. */
    private static String runId(String out) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Summary of (run-[0-9a-f-]+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }
}
