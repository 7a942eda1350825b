package dev.serverlesscd.functions.pages;

import static dev.serverlesscd.functions.common.Html.escape;

import dev.serverlesscd.functions.run.RunStatus;

/**
 * Status badges as small SVG images, in the usual two-part shape (label | message). They say one word or a version
 * and nothing else: no run id, commit, author or error, since they are public.
 */
public final class Badges {
    private static final int CHAR = 7;
    private static final int PAD = 10;

    private Badges() {
    }

    /** A branch's latest run: passing, failing, running, or unknown (no run). */
    public static String branch(RunStatus status) {
        if (status == null) {
            return svg("pipeline", "unknown", "#9f9f9f");
        }
        return switch (status) {
            case SUCCEEDED -> svg("pipeline", "passing", "#2e7d32");
            case RECEIVED, RUNNING -> svg("pipeline", "running", "#9a6700");
            case SUPERSEDED -> svg("pipeline", "superseded", "#9f9f9f");
            default -> svg("pipeline", "failing", "#c62828");
        };
    }

    /** An environment's live version (or "none"). */
    public static String environment(String environment, String version) {
        return svg(environment, version == null ? "none" : version, version == null ? "#9f9f9f" : "#1565c0");
    }

    static String svg(String label, String message, String colour) {
        String l = label.length() > 40 ? label.substring(0, 40) : label;
        String m = message.length() > 40 ? message.substring(0, 40) : message;
        int lw = l.length() * CHAR + PAD;
        int mw = m.length() * CHAR + PAD;
        int w = lw + mw;
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"20\" role=\"img\" aria-label=\""
                + escape(l + ": " + m) + "\"><title>" + escape(l + ": " + m) + "</title>"
                + "<rect width=\"" + lw + "\" height=\"20\" fill=\"#555\"/>"
                + "<rect x=\"" + lw + "\" width=\"" + mw + "\" height=\"20\" fill=\"" + colour + "\"/>"
                + "<g fill=\"#fff\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\">"
                + "<text x=\"" + PAD / 2 + "\" y=\"14\">" + escape(l) + "</text>"
                + "<text x=\"" + (lw + PAD / 2) + "\" y=\"14\">" + escape(m) + "</text></g></svg>";
    }
}
