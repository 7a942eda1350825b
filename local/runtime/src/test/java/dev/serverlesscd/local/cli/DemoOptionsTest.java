package dev.serverlesscd.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.local.demo.DemoSession;
import dev.serverlesscd.local.demo.SampleSource;
import dev.serverlesscd.local.runtime.RepositoryRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipeline demo}'s options that choose the kind of run (--pull-request, --tag): refused with a message and exit
 * code 2 before anything starts (no database, no commit), and described in full sentences by --help.
 */
@Tag("unit")
class DemoOptionsTest {
    @TempDir
    Path workspace;

    @Test
    void pullRequestAndTagTogether_areRefused() {
        PipelineCliTest.Result result = PipelineCliTest.run("demo", "--pull-request", "--tag", "v1.2.0",
                "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("pipeline demo: --pull-request and --tag ask for two different runs",
                "give one of them");
        assertNothingStarted();
    }

    @Test
    void aTagThatIsNoValidTagName_isRefused_withGitsRule() {
        PipelineCliTest.Result result = PipelineCliTest.run("demo", "--tag", "v1..2", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("pipeline demo: --tag 'v1..2' is not a valid tag name: it holds '..'");
        assertNothingStarted();
    }

    @Test
    void aTagNoTagRuleRuns_isRefused_namingTheRules() {
        PipelineCliTest.Result result = PipelineCliTest.run("demo", "--tag", "release-1", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("pipeline demo: --tag the configuration runs no tag 'release-1' of "
                + "acme/orders-service (its tag rules: v*)");
        assertNothingStarted();
    }

    @Test
    void aTagTheSampleRepositoryHasAlready_isRefused() {
        // GIVEN a sample repository (as an earlier demo left it) that has v1.2.0
        Path clone = DemoSession.sampleClone(workspace);
        String commit = SampleSource.commit(RepositoryRoot.find().resolve("samples/orders-service"), clone, "feat: orders");
        SampleSource.tag(clone, "v1.2.0", commit);

        // WHEN
        PipelineCliTest.Result result = PipelineCliTest.run("demo", "--tag", "v1.2.0", "--workspace", workspace.toString());

        // THEN
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("pipeline demo: --tag the sample repository " + clone
                + " already has the tag v1.2.0 (a tag names one commit): give a newer one");
        assertThat(SampleSource.tags(clone)).containsExactly("v1.2.0");
    }

    @Test
    void aPullRequestWithAnApprovalOrARolloutOption_isRefused() {
        for (String option : new String[] {"--reject", "--fail-rollout"}) {
            PipelineCliTest.Result result = PipelineCliTest.run("demo", "--pull-request", option,
                    "--workspace", workspace.toString());

            assertThat(result.exitCode()).as(option).isEqualTo(2);
            assertThat(result.err()).as(option).contains("a pull request's run only runs the checks");
        }
        assertNothingStarted();
    }

    @Test
    void help_describesThePullRequestAndTagRuns_inFullSentences() {
        PipelineCliTest.Result help = PipelineCliTest.run("demo", "--help");

        String text = help.out().replaceAll("\\s+", " ");
        assertThat(text).contains("--pull-request Make the run a pull request's: the sample's commit on the branch "
                        + "feature/discount, opened as pull request #42 into main",
                "prints the comment the run left on the pull request.", "the run edits the same comment.",
                "--tag=TAG Make the run a release's: three conventional commits",
                "prints the release notes, grouped by kind with breaking changes first.",
                "that the sample repository does not have yet.",
                "2 the options were refused (the message says why)");
    }

    private void assertNothingStarted() {
        assertThat(workspace.resolve("sources")).doesNotExist();
        assertThat(workspace.resolve("dynamodb")).doesNotExist();
    }
}
