package dev.serverlesscd.functions.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The run listings the pages read, on DynamoDB Local: newest first, per repository (gsi2) or all (gsi1), filtered by
 * ref and status, paged by DynamoDB's own cursor, and the runs of a time window.
 */
@Tag("dynamodb")
class RunListingTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final DynamoDbRunStore STORE = new DynamoDbRunStore(DB.client(), DB.tableName());

    /** 25 runs: 15 of orders (main, then develop every third), 10 of billing, one a minute; every fourth FAILED. */
    @BeforeAll
    static void record() {
        for (int i = 0; i < 25; i++) {
            String repository = i % 5 < 3 ? "acme/orders-service" : "acme/billing";
            String ref = i % 3 == 0 ? "refs/heads/develop" : "refs/heads/main";
            Run run = run("run-" + String.format("%02d", i), repository, ref, T0.plusSeconds(60L * i))
                    .withFirstCommitAt(T0.minusSeconds(3600));
            STORE.create(run);
            STORE.markStarted(run.runId(), null, run.createdAt());
            STORE.finish(run.runId(), i % 4 == 0 ? RunStatus.FAILED : RunStatus.SUCCEEDED, null, null, null,
                    run.createdAt().plusSeconds(30));
        }
    }

    @AfterAll
    static void stop() {
        DB.close();
    }

    static Run run(String runId, String repository, String ref, Instant at) {
        return new Run(runId, "d-" + runId, repository, null, "push", ref, ref.substring("refs/heads/".length()),
                "main", null, "c0ffee" + runId.substring(4), "octocat", "v-" + runId, "full", true, List.of(),
                RunStatus.RECEIVED, null, at, at, null, null, null);
    }

    @Test
    void page_shouldWalkEveryRunNewestFirst_byCursorsUntilTheLastPage() {
        // WHEN every page of 10 is read, following the cursors
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            RunPage page = STORE.page(RunQuery.ALL, cursor, 10);
            page.runs().forEach(r -> seen.add(r.runId()));
            sizes.add(page.runs().size());
            cursor = page.next();
        } while (cursor != null);

        // THEN 25 runs in 3 pages, newest first, none twice
        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().startsWith("run-24", "run-23").endsWith("run-00");
    }

    @Test
    void page_shouldListOneRepositorysRunsOfOneRefAndStatus_whenFiltered() {
        // WHEN orders' main runs that failed are asked for, one a page, following the cursors
        RunQuery query = new RunQuery("acme/orders-service", "refs/heads/main", RunStatus.FAILED);
        List<String> got = new ArrayList<>();
        RunPage first = STORE.page(query, null, 1);
        RunPage page = first;
        while (true) {
            page.runs().forEach(r -> got.add(r.runId()));
            if (page.next() == null) {
                break;
            }
            page = STORE.page(query, page.next(), 1);
        }

        // THEN exactly those, newest first: orders (i%5<3), main (i%3!=0), failed (i%4==0): 20 and 16
        assertThat(got).containsExactly("run-20", "run-16");
        assertThat(first.runs()).allSatisfy(r -> {
            assertThat(r.repository()).isEqualTo("acme/orders-service");
            assertThat(r.ref()).isEqualTo("refs/heads/main");
            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
            assertThat(r.firstCommitAt()).isEqualTo(T0.minusSeconds(3600));
        });
    }

    @Test
    void page_shouldBeEmpty_forARepositoryWithNoRuns() {
        RunPage page = STORE.page(new RunQuery("acme/nothing", null, null), null, 10);

        assertThat(page.runs()).isEmpty();
        assertThat(page.next()).isNull();
    }

    @Test
    void page_shouldRefuseACursor_thatIsGarbled() {
        assertThatThrownBy(() -> STORE.page(RunQuery.ALL, "not a cursor!", 10))
                .isInstanceOf(InvalidCursorException.class)
                .hasMessage("cursor is not one this listing handed out (not base64url JSON)");
    }

    @Test
    void page_shouldRefuseACursor_fromAnotherListing() {
        // GIVEN a cursor of the billing listing
        String billing = STORE.page(new RunQuery("acme/billing", null, null), null, 2).next();
        String forged = PageCursor.encode("gsi2", Map.of("pk", AttributeValue.fromS("APPROVAL#x"),
                "sk", AttributeValue.fromS("APPROVAL"), "gsi2pk", AttributeValue.fromS("RUNS#acme/billing"),
                "gsi2sk", AttributeValue.fromS("x"), "other", AttributeValue.fromS("y")));

        // WHEN / THEN it does not page the orders listing, nor the listing of all runs, nor carry other attributes
        assertThatThrownBy(() -> STORE.page(new RunQuery("acme/orders-service", null, null), billing, 2))
                .isInstanceOf(InvalidCursorException.class)
                .hasMessage("cursor belongs to another listing; start again without it");
        assertThatThrownBy(() -> STORE.page(RunQuery.ALL, billing, 2)).isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> STORE.page(new RunQuery("acme/billing", null, null), forged, 2))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void page_shouldRefuseALimitOutOfRange() {
        assertThatThrownBy(() -> STORE.page(RunQuery.ALL, null, 0)).hasMessage("limit must be between 1 and 100, was 0");
        assertThatThrownBy(() -> STORE.page(RunQuery.ALL, null, 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createdBetween_shouldGiveTheWindowsRuns_ofOneRepositoryOrAll() {
        // WHEN minutes 10 to 20 are asked for (half open: a run at minute 20 is not in it)
        List<Run> all = STORE.createdBetween(null, T0.plusSeconds(600), T0.plusSeconds(20 * 60));
        List<Run> billing = STORE.createdBetween("acme/billing", T0.plusSeconds(600), T0.plusSeconds(20 * 60));

        // THEN runs 10..19, newest first; billing's are those with i%5 >= 3
        assertThat(all).extracting(Run::runId).hasSize(10).first().isEqualTo("run-19");
        assertThat(billing).extracting(Run::runId).containsExactly("run-19", "run-18", "run-14", "run-13");
    }

    @Test
    void createdBetween_shouldGiveEachRunOnce_inOrder_whenRunsWereCreatedExactlyOnTheBoundsOfItsSlices() {
        // GIVEN a window of 12 minutes, read in slices of 3 (DynamoDbRunStore.WINDOW_SLICES): runs 13, 16 and 19 were
        // created exactly on a slice's bound
        assertThat(DynamoDbRunStore.WINDOW_SLICES).isEqualTo(4);

        // WHEN
        List<Run> window = STORE.createdBetween(null, T0.plusSeconds(600), T0.plusSeconds(22 * 60));

        // THEN runs 21 down to 10, each once, newest first
        assertThat(window).extracting(Run::runId).containsExactly("run-21", "run-20", "run-19", "run-18", "run-17",
                "run-16", "run-15", "run-14", "run-13", "run-12", "run-11", "run-10");
        assertThat(STORE.createdBetween(null, T0.plusSeconds(600), T0.plusSeconds(600))).isEmpty();
    }
}
