package dev.serverlesscd.functions.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.config.GlobPattern;
import dev.serverlesscd.functions.github.GitHubClient.CommitInfo;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ChangelogTest {

    @Test
    void markdown_shouldGroupByConventionalType_breakingFirst() {
        // GIVEN the commits since v1.1.0
        List<CommitInfo> commits = List.of(
                new CommitInfo("aaaaaaa1", "feat(orders): accept a coupon code"),
                new CommitInfo("bbbbbbb2", "fix: round totals half-even"),
                new CommitInfo("ccccccc3", "feat!: drop the v1 orders endpoint"),
                new CommitInfo("ddddddd4", "perf: cache the price list"),
                new CommitInfo("eeeeeee5", "Merge pull request #12 from acme/coupon"),
                new CommitInfo("fffffff6", "chore: bump jackson"),
                new CommitInfo("0000007", "refactor: rename totals\n\nBREAKING CHANGE: Totals.of is gone"),
                new CommitInfo("1111118", "tidy up"));

        // WHEN
        String notes = Changelog.markdown("v1.2.0", Optional.of("v1.1.0"), commits,
                Optional.of("https://github.com/acme/orders-service/compare/v1.1.0...v1.2.0"));

        // THEN
        assertThat(notes).isEqualTo("""
                ## v1.2.0

                Changes since v1.1.0.

                ### ⚠️ Breaking changes

                - drop the v1 orders endpoint (ccccccc)
                - rename totals (0000007)

                ### Features

                - **orders:** accept a coupon code (aaaaaaa)

                ### Fixes

                - round totals half-even (bbbbbbb)

                ### Performance

                - cache the price list (ddddddd)

                ### Other changes

                - bump jackson (fffffff)
                - tidy up (1111118)

                **Full changelog**: https://github.com/acme/orders-service/compare/v1.1.0...v1.2.0
                """);
    }

    @Test
    void previousTag_shouldBeTheHighestLowerRelease_skippingPreReleasesForAFullRelease() {
        GlobPattern releases = new GlobPattern("v*");
        GlobPattern pre = new GlobPattern("*-*");
        List<String> tags = List.of("v1.10.0", "v1.2.0-rc.1", "v1.9.0", "v1.1.0", "nightly", "v2.0.0");

        assertThat(Changelog.previousTag("v1.10.1", tags, releases::matches, pre::matches)).hasValue("v1.10.0");
        assertThat(Changelog.previousTag("v1.2.0", tags, releases::matches, pre::matches)).hasValue("v1.1.0");
        assertThat(Changelog.previousTag("v1.2.0-rc.2", tags, releases::matches, pre::matches)).hasValue("v1.2.0-rc.1");
        assertThat(Changelog.previousTag("v1.0.0", tags, releases::matches, pre::matches)).isEmpty();
    }

    @Test
    void markdown_shouldSayItIsTheFirstRelease_whenThereIsNoPreviousTag() {
        assertThat(Changelog.markdown("v0.1.0", Optional.empty(), List.of(), Optional.empty()))
                .isEqualTo("## v0.1.0\n\nThe first release.\n");
    }
}
