package dev.serverlesscd.functions.reports;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LCOV's tracefile ({@code lcov.info}), as geninfo, c8/nyc/istanbul, Jest, grcov and cargo-llvm-cov write it: one
 * record per source file, from {@code SF:<path>} to {@code end_of_record}, its lines as
 * {@code DA:<line>,<hits>[,<checksum>]}. Line coverage counts the {@code DA} lines: covered when hit at least once.
 * A file recorded more than once (tracefiles concatenated) counts each line once, covered when any record hit it.
 * A record with no {@code DA} line takes its {@code LF} (lines found) and {@code LH} (lines hit). Other records
 * ({@code TN}, {@code FN}, {@code FNDA}, {@code BRDA}, …) are not read but must have the {@code KEY:value} shape.
 */
public final class LcovParser {

    public CoverageReport parse(ReportFile file) throws ReportParseException {
        Map<String, Map<Long, Boolean>> linesByFile = new LinkedHashMap<>();
        Map<String, long[]> summaryOnly = new HashMap<>();
        String current = null;
        Map<Long, Boolean> currentLines = null;
        Long found = null;
        Long hit = null;
        int records = 0;
        for (ReportFile.Line numbered : file.lines()) {
            int number = numbered.number();
            String line = numbered.text();
            if (line.equals("end_of_record")) {
                if (current == null) {
                    throw ReportParseException.at(file, number, "end_of_record outside a record (no SF: before it)");
                }
                if (currentLines.isEmpty() && (found != null || hit != null)) {
                    long lf = found == null ? 0 : found;
                    long lh = hit == null ? 0 : hit;
                    if (lh > lf) {
                        throw ReportParseException.at(file, number, "record of " + current + " says LH:" + lh + ", more than LF:" + lf);
                    }
                    long[] summary = summaryOnly.computeIfAbsent(current, k -> new long[2]);
                    summary[0] = Math.max(summary[0], lh);
                    summary[1] = Math.max(summary[1], lf);
                }
                current = null;
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !line.substring(0, colon).matches("[A-Z]+")) {
                throw ReportParseException.at(file, number, "'" + ReportParseException.quote(line) + "' is not an LCOV record (KEY:value or end_of_record)");
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            if (key.equals("SF")) {
                if (current != null) {
                    throw ReportParseException.at(file, number, "SF:" + value + " before the end_of_record of " + current);
                }
                if (value.isEmpty()) {
                    throw ReportParseException.at(file, number, "SF: names no source file");
                }
                current = value;
                currentLines = linesByFile.computeIfAbsent(value, k -> new HashMap<>());
                found = null;
                hit = null;
                records++;
            } else if (key.equals("DA") || key.equals("LF") || key.equals("LH")) {
                if (current == null) {
                    throw ReportParseException.at(file, number, key + " outside a record (no SF: before it)");
                }
                if (key.equals("DA")) {
                    String[] fields = value.split(",", -1);
                    if (fields.length < 2 || fields.length > 3) {
                        throw ReportParseException.at(file, number, "DA:" + value + " is not DA:<line>,<hits>[,<checksum>]");
                    }
                    long lineNumber = count(fields[0], "DA line number", file, number);
                    if (lineNumber == 0) {
                        throw ReportParseException.at(file, number, "DA line number is 0 (lines count from 1)");
                    }
                    boolean covered = hits(fields[1], file, number) > 0;
                    currentLines.merge(lineNumber, covered, Boolean::logicalOr);
                } else if (key.equals("LF")) {
                    found = count(value, "LF", file, number);
                } else {
                    hit = count(value, "LH", file, number);
                }
            }
        }
        if (current != null) {
            throw new ReportParseException(file.path() + ": the record of " + current + " has no end_of_record (file cut short?)");
        }
        if (records == 0) {
            throw new ReportParseException(file.path() + ": no source file record (SF:) in the LCOV report");
        }
        long covered = 0;
        long missed = 0;
        for (Map.Entry<String, Map<Long, Boolean>> entry : linesByFile.entrySet()) {
            if (entry.getValue().isEmpty() && summaryOnly.containsKey(entry.getKey())) {
                long[] summary = summaryOnly.get(entry.getKey());
                covered += summary[0];
                missed += summary[1] - summary[0];
                continue;
            }
            for (boolean lineCovered : entry.getValue().values()) {
                if (lineCovered) {
                    covered++;
                } else {
                    missed++;
                }
            }
        }
        return new CoverageReport(covered, missed);
    }

    private static long count(String text, String what, ReportFile file, int line) throws ReportParseException {
        try {
            long value = Long.parseLong(text.trim());
            if (value < 0) {
                throw new NumberFormatException("negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw ReportParseException.at(file, line, what + " is '" + text + "', not a count");
        }
    }

    /** A hit count: geninfo writes integers; some producers write large counts in exponent form (1.2e+10). */
    private static double hits(String text, ReportFile file, int line) throws ReportParseException {
        try {
            double value = Double.parseDouble(text.trim());
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new NumberFormatException("negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw ReportParseException.at(file, line, "DA hit count is '" + text + "', not a count");
        }
    }
}
