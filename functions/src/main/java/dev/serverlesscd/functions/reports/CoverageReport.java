package dev.serverlesscd.functions.reports;

/** Line coverage of a whole report: the report-level LINE counter. */
public record CoverageReport(long linesCovered, long linesMissed) {

    /** Covered lines in percent of all lines; 0 when there are no lines. */
    public double linePercent() {
        long lines = linesCovered + linesMissed;
        return lines == 0 ? 0.0 : 100.0 * linesCovered / lines;
    }
}
