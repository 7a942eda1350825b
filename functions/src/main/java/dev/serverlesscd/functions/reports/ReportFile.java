package dev.serverlesscd.functions.reports;

import java.nio.charset.StandardCharsets;
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

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }
}
