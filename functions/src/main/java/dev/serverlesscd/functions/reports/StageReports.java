package dev.serverlesscd.functions.reports;

import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * What one stage of a run left for the gate. {@code location} says where they were read from
 * ({@code s3://bucket/runs/<run>/<stage>/} or a directory), so an error can name the place.
 */
public record StageReports(String location, List<ReportFile> files) {

    public StageReports {
        files = files.stream().sorted(Comparator.comparing(ReportFile::path)).toList();
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    public List<ReportFile> matching(Predicate<ReportFile> filter) {
        return files.stream().filter(filter).toList();
    }
}
