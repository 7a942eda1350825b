package dev.serverlesscd.functions.reports;

import org.w3c.dom.Element;

/**
 * Cobertura's XML report ({@code coverage.xml}, {@code cobertura.xml}, {@code cobertura-coverage.xml}), as written by
 * Cobertura itself, c8/nyc/istanbul, coverage.py, gcovr and others: line coverage is the root element's
 * {@code line-rate} (0..1) × 100; {@code lines-covered} and {@code lines-valid}, when present, give the counts. The
 * DOCTYPE most producers write names {@code coverage-04.dtd} by URL: it is never fetched ({@link SafeXml}).
 */
public final class CoberturaXmlParser {

    public CoverageReport parse(ReportFile file) throws ReportParseException {
        Element root = SafeXml.parse(file).getDocumentElement();
        if (!root.getTagName().equals("coverage")) {
            throw new ReportParseException(file.path() + ": root element is <" + root.getTagName()
                    + ">, not Cobertura's <coverage>");
        }
        String rateText = root.getAttribute("line-rate");
        if (rateText.isEmpty()) {
            throw new ReportParseException(file.path() + ": <coverage> has no line-rate");
        }
        double rate;
        try {
            rate = Double.parseDouble(rateText.trim());
        } catch (NumberFormatException e) {
            throw new ReportParseException(file.path() + ": line-rate is '" + rateText + "', not a number");
        }
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new ReportParseException(file.path() + ": line-rate is " + rateText + ", not between 0 and 1");
        }
        long covered = count(root, "lines-covered", file);
        long valid = count(root, "lines-valid", file);
        if (covered > valid) {
            throw new ReportParseException(file.path() + ": lines-covered " + covered + " exceeds lines-valid " + valid);
        }
        return new CoverageReport(covered, valid - covered, rate * 100.0);
    }

    /** An optional count attribute: 0 when absent. */
    private static long count(Element root, String attribute, ReportFile file) throws ReportParseException {
        String text = root.getAttribute(attribute);
        if (text.isEmpty()) {
            return 0;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < 0) {
                throw new NumberFormatException("negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ReportParseException(file.path() + ": " + attribute + " is '" + text + "', not a count");
        }
    }
}
