package dev.serverlesscd.functions.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** LCOV read from c8's real tracefile (reports/lcov, see the README) and from small inline documents. */
@Tag("unit")
class LcovParserTest {
    private final LcovParser parser = new LcovParser();

    @Test
    void parse_shouldCountTheDaLinesOfEveryRecord_inC8sTracefile() throws Exception {
        // GIVEN c8's lcov.info: cart.js 12 of 18 lines, format.js 5 of 5
        ReportFile report = Fixtures.file("lcov/lcov.info");

        // WHEN
        CoverageReport coverage = parser.parse(report);

        // THEN the same 17 of 23 lines (73.91%) c8's text report printed
        assertThat(coverage.linesCovered()).isEqualTo(17);
        assertThat(coverage.linesMissed()).isEqualTo(6);
        assertThat(coverage.linePercent()).isCloseTo(73.91, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void parse_shouldCountALineOnce_whenTracefilesWereConcatenated() throws Exception {
        // GIVEN the same file in two records (two test runs appended), line 2 hit only by the second
        ReportFile report = Fixtures.text("lcov.info", """
                TN:unit
                SF:src/a.js
                DA:1,1
                DA:2,0
                end_of_record
                TN:e2e
                SF:src/a.js
                DA:1,3
                DA:2,1,d41d8cd98f00b204e9800998ecf8427e
                DA:3,0
                end_of_record
                """);

        // WHEN / THEN lines 1 and 2 covered, 3 missed
        assertThat(parser.parse(report)).isEqualTo(new CoverageReport(2, 1));
    }

    @Test
    void parse_shouldTakeLfAndLh_whenARecordHasNoDaLines() throws Exception {
        ReportFile report = Fixtures.text("coverage.lcov", "SF:lib.rs\nLF:10\nLH:4\nend_of_record\n");

        assertThat(parser.parse(report)).isEqualTo(new CoverageReport(4, 6));
    }

    @Test
    void parse_shouldNameTheLine_ofAMalformedRecord() {
        assertThatThrownBy(() -> parser.parse(Fixtures.text("lcov.info", "SF:a.js\nDA:1,1\nDA:two,1\nend_of_record\n")))
                .isInstanceOf(ReportParseException.class)
                .hasMessage("lcov.info:3: DA line number is 'two', not a count");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("lcov.info", "SF:a.js\nDA:1\nend_of_record\n")))
                .hasMessage("lcov.info:2: DA:1 is not DA:<line>,<hits>[,<checksum>]");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("lcov.info", "SF:a.js\nDA:1,-4\nend_of_record\n")))
                .hasMessage("lcov.info:2: DA hit count is '-4', not a count");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("lcov.info", "SF:a.js\n<coverage line-rate=\"1\"/>\n")))
                .hasMessage("lcov.info:2: '<coverage line-rate=\"1\"/>' is not an LCOV record (KEY:value or end_of_record)");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("lcov.info", "DA:1,1\n")))
                .hasMessage("lcov.info:1: DA outside a record (no SF: before it)");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("lcov.info", "SF:a.js\nSF:b.js\n")))
                .hasMessage("lcov.info:2: SF:b.js before the end_of_record of a.js");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("lcov.info", "SF:a.js\nLF:2\nLH:3\nend_of_record\n")))
                .hasMessage("lcov.info:4: record of a.js says LH:3, more than LF:2");
    }

    @Test
    void parse_shouldRefuseAReportCutShort_orWithNoRecord() {
        assertThatThrownBy(() -> parser.parse(Fixtures.text("lcov.info", "TN:\nSF:a.js\nDA:1,1\n")))
                .hasMessage("lcov.info: the record of a.js has no end_of_record (file cut short?)");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("lcov.info", "")))
                .hasMessage("lcov.info: no source file record (SF:) in the LCOV report");
    }
}
