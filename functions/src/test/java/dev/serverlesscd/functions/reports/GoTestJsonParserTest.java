package dev.serverlesscd.functions.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code go test -json} read from Go 1.19's real output (reports/go-test, see the README) and inline events. */
@Tag("unit")
class GoTestJsonParserTest {
    private final GoTestJsonParser parser = new GoTestJsonParser();

    @Test
    void parse_shouldCountTestsAndSubtests_ofAPassingRun() throws Exception {
        // GIVEN TestTotal, TestTotalCases with two subtests, and TestRefunds skipped
        ReportFile report = Fixtures.file("go-test/passing/go-test.json");

        // WHEN
        TestReport tests = parser.parse(report);

        // THEN
        assertThat(tests).isEqualTo(new TestReport(5, 0, 1, java.util.List.of()));
    }

    @Test
    void parse_shouldCountAFailedSubtest_aPanic_andAPackageThatDidNotBuild() throws Exception {
        // GIVEN the failing run: a failed subtest, a test that panics, a package that does not compile (Go 1.19
        // writes "FAIL <pkg> [build failed]" as plain text among the events)
        ReportFile report = Fixtures.file("go-test/failing/go-test.json");

        // WHEN
        TestReport tests = parser.parse(report);

        // THEN 11 tests that ended, plus the package that never ran, and its failures named
        assertThat(tests.total()).isEqualTo(12);
        assertThat(tests.skipped()).isEqualTo(1);
        assertThat(tests.failedTests()).containsExactly("payments.TestCharge/voucher", "payments.TestCharge",
                "panics.TestPanics", "example.com/orders/broken (build failed)");
        assertThat(tests.failed()).isEqualTo(4);
    }

    @Test
    void parse_shouldFailATestThatNeverEnded_andAPackageThatFailedWithoutAFailedTest() throws Exception {
        // GIVEN a binary killed while TestSlow ran, and Go 1.24's events for a package that did not build
        ReportFile report = Fixtures.text("go-test.json", """
                {"Action":"start","Package":"example.com/a"}
                {"Action":"run","Package":"example.com/a","Test":"TestSlow"}
                {"Action":"output","Package":"example.com/a","Test":"TestSlow","Output":"=== RUN   TestSlow\\n"}
                {"ImportPath":"example.com/b [example.com/b.test]","Action":"build-output","Output":"b_test.go:3: undefined: x\\n"}
                {"ImportPath":"example.com/b [example.com/b.test]","Action":"build-fail"}
                {"Action":"start","Package":"example.com/b"}
                {"Action":"fail","Package":"example.com/b","Elapsed":0,"FailedBuild":"example.com/b [example.com/b.test]"}
                {"Action":"start","Package":"example.com/c"}
                {"Action":"fail","Package":"example.com/c","Elapsed":0.01}
                """);

        // WHEN
        TestReport tests = parser.parse(report);

        // THEN
        assertThat(tests.failedTests()).containsExactly("a.TestSlow (did not finish)", "example.com/b (build failed)",
                "example.com/c (package failed)");
        assertThat(tests.total()).isEqualTo(3);
    }

    @Test
    void parse_shouldNameTheLine_ofWhatIsNotAnEvent() {
        assertThatThrownBy(() -> parser.parse(Fixtures.text("go-test.json",
                "{\"Action\":\"run\",\"Package\":\"p\",\"Test\":\"T\"}\n# example.com/b [example.com/b.test]\n")))
                .isInstanceOf(ReportParseException.class)
                .hasMessage("go-test.json:2: '# example.com/b [example.com/b.test]' is not a go test -json event (JSON object a line)");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("go-test.json", "{\"Action\":\"run\",\"Test\":")))
                .hasMessageStartingWith("go-test.json:1: not JSON:");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("go-test.json", "{\"Package\":\"p\",\"Test\":\"T\"}")))
                .hasMessage("go-test.json:1: event has no Action");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("go-test.json", "\n\n")))
                .hasMessage("go-test.json: no go test -json event");
    }
}
