package dev.serverlesscd.functions.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One file a stage's build wrote: its path relative to the stage's report directory ({@code /}-separated). */
public record ReportFile(String path, byte[] content) {

    public String name() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    public boolean hasExtension(String extension) {
        return name().toLowerCase(Locale.ROOT).endsWith("." + extension);
    }

    /** Which report format the file is, by its path ({@link ReportFormat#of}); empty when it is no report. */
    public java.util.Optional<ReportFormat> format() {
        return ReportFormat.of(this);
    }

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /** One line of a text report: its number (from 1) and its text, stripped of surrounding white space. */
    public record Line(int number, String text) {
    }

    /** The non-blank lines of a text report, stripped and numbered as an editor numbers them. */
    public List<Line> lines() {
        List<String> all = text().lines().toList();
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String line = all.get(i).strip();
            if (!line.isEmpty()) {
                lines.add(new Line(i + 1, line));
            }
        }
        return lines;
    }

    /** The file read as JSON, the way every JSON report parser starts (null for an empty file). */
    public JsonNode json() throws ReportParseException {
        try {
            return Json.MAPPER.readTree(content);
        } catch (JsonProcessingException e) {
            throw new ReportParseException(path + ": not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ReportParseException(path + ": cannot be read: " + e.getMessage(), e);
        }
    }
}
