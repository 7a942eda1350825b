package dev.serverlesscd.functions.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CommitStatusTest {
    static final String SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

    @Test
    void description_shouldBeCutTo140CharactersEndingWithAnEllipsis_whenLonger() {
        // GIVEN a summary naming many failed tests
        String longSummary = "3 of 214 tests failed: " + "OrderTotalTest.appliesDiscountForLoyalCustomers, ".repeat(4);

        // WHEN
        CommitStatus status = status(longSummary);

        // THEN
        assertThat(status.description()).hasSize(140).endsWith("…")
                .startsWith("3 of 214 tests failed: OrderTotalTest.appliesDiscountForLoyalCustomers, ");
    }

    @Test
    void description_shouldBeKept_whenExactly140Characters() {
        String exactly = "x".repeat(140);

        assertThat(status(exactly).description()).isEqualTo(exactly);
    }

    @Test
    void description_shouldBeOneLine() {
        assertThat(status("  error: test reports missing:\n  the build FAILED\t(exit 1) ").description())
                .isEqualTo("error: test reports missing: the build FAILED (exit 1)");
    }

    @Test
    void description_shouldNotSplitACharacterOutsideTheBasicPlane_whenCut() {
        // GIVEN 139 letters, then emoji (two chars each in Java)
        String text = "a".repeat(139) + "😀😀";

        // WHEN
        String description = status(text).description();

        // THEN 140 code points: 139 letters and the ellipsis
        assertThat(description.codePointCount(0, description.length())).isEqualTo(140);
        assertThat(description).isEqualTo("a".repeat(139) + "…");
    }

    @Test
    void constructor_shouldRefuseARepositoryThatIsNotOwnerSlashName() {
        for (String repository : new String[] {"orders-service", "acme/orders/extra", "acme/..", "acme/ orders", "/orders"}) {
            assertThatThrownBy(() -> new CommitStatus(repository, SHA, CommitState.SUCCESS, "serverless-cd/test", null, null))
                    .as(repository)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be 'owner/name'");
        }
    }

    @Test
    void constructor_shouldRefuseAStatusWithoutShaOrContext() {
        assertThatThrownBy(() -> new CommitStatus("acme/orders", " ", CommitState.SUCCESS, "serverless-cd/test", null, null))
                .hasMessageContaining("has no commit sha");
        assertThatThrownBy(() -> new CommitStatus("acme/orders", SHA, CommitState.SUCCESS, "", null, null))
                .hasMessageContaining("has no context");
    }

    private static CommitStatus status(String description) {
        return new CommitStatus("acme/orders-service", SHA, CommitState.FAILURE, "serverless-cd/test", description, null);
    }
}
