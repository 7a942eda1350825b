package dev.serverlesscd.functions.reports;

/**
 * Line coverage of a whole report. JaCoCo gives counts (its report-level LINE counter); Cobertura gives a
 * {@code line-rate} and, from most producers, the counts too. {@code reportedPercent}, when not null, is the
 * percentage the report states and wins over the counts (Cobertura's {@code line-rate} × 100).
 */
public record CoverageReport(long linesCovered, long linesMissed, Double reportedPercent) {

    /** From counts only (JaCoCo). */
    public CoverageReport(long linesCovered, long linesMissed) {
        this(linesCovered, linesMissed, null);
    }

    /** Covered lines in percent of all lines; 0 when there are no lines. */
    public double linePercent() {
        if (reportedPercent != null) {
            return reportedPercent;
        }
        long lines = linesCovered + linesMissed;
        return lines == 0 ? 0.0 : 100.0 * linesCovered / lines;
    }
}
