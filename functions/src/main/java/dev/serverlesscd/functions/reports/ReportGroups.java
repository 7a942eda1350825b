package dev.serverlesscd.functions.reports;

/**
 * The test and coverage reports a check build published to its report groups, found by the build's id: CodeBuild's
 * report groups on AWS ({@link CodeBuildReportSource}); locally there are none ({@link #NONE}) and the gate reads
 * the files the build wrote.
 */
public interface ReportGroups {

    /** Where no build publishes to report groups: every build has none. */
    ReportGroups NONE = buildId -> new BuildReports(buildId, null, null);

    /**
     * What the build published; {@link BuildReports#isEmpty() empty} when it published nothing.
     *
     * @throws ReportSourceException when the build or its reports cannot be read
     */
    BuildReports fetch(String buildId);

    /**
     * What one build's report groups hold: {@code tests} or {@code coverage} is null when the build published no
     * such report. {@code location} names them for a message ({@code CodeBuild reports of build <id>}).
     */
    record BuildReports(String buildId, TestReport tests, CoverageReport coverage) {

        public boolean isEmpty() {
            return tests == null && coverage == null;
        }

        public String location() {
            return "the CodeBuild report groups of build " + buildId;
        }
    }
}
