package dev.serverlesscd.functions.reports;

import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * What one stage of a run left for the gate: the files its build wrote, and for a judge that reads them
 * ({@code StageJudge#readsReportGroups}) what the build published to its report groups ({@code groups}, null when
 * not asked or when it published none). {@code location} says where the files were read from
 * ({@code s3://bucket/runs/<run>/<stage>/} or a directory), so an error can name the place.
 */
public record StageReports(String location, List<ReportFile> files, ReportGroups.BuildReports groups) {

    public StageReports {
        files = files.stream().sorted(Comparator.comparing(ReportFile::path)).toList();
        groups = groups == null || groups.isEmpty() ? null : groups;
    }

    /** Files only. */
    public StageReports(String location, List<ReportFile> files) {
        this(location, files, null);
    }

    /** The same files with what the build's report groups hold. */
    public StageReports withGroups(ReportGroups.BuildReports buildReports) {
        return new StageReports(location, files, buildReports);
    }

    /** Neither a file nor a report group's report. */
    public boolean isEmpty() {
        return files.isEmpty() && groups == null;
    }

    public List<ReportFile> matching(Predicate<ReportFile> filter) {
        return files.stream().filter(filter).toList();
    }

    /** The files that are reports of {@code kind}, in any of its formats ({@link ReportFormat}). */
    public List<ReportFile> reportsOf(ReportFormat.Kind kind) {
        return matching(f -> f.format().filter(format -> format.kind() == kind).isPresent());
    }
}
