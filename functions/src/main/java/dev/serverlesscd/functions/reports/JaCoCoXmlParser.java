package dev.serverlesscd.functions.reports;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * JaCoCo's XML report ({@code jacoco.xml}): line coverage from the {@code <counter type="LINE">} that is a direct
 * child of {@code <report>}, the total over every package. Its DOCTYPE names {@code report.dtd}, which is not
 * fetched.
 */
public final class JaCoCoXmlParser {

    public CoverageReport parse(ReportFile file) throws ReportParseException {
        Element root = SafeXml.parse(file).getDocumentElement();
        if (!root.getTagName().equals("report")) {
            throw new ReportParseException(file.path() + ": root element is <" + root.getTagName() + ">, not JaCoCo's <report>");
        }
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element counter && counter.getTagName().equals("counter")
                    && counter.getAttribute("type").equals("LINE")) {
                return new CoverageReport(number(counter, "covered", file), number(counter, "missed", file));
            }
        }
        throw new ReportParseException(file.path() + ": no report-level LINE counter (no classes were analysed)");
    }

    private static long number(Element counter, String attribute, ReportFile file) throws ReportParseException {
        try {
            long value = Long.parseLong(counter.getAttribute(attribute));
            if (value < 0) {
                throw new NumberFormatException("negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ReportParseException(file.path() + ": LINE counter's " + attribute + " is '"
                    + counter.getAttribute(attribute) + "', not a count");
        }
    }
}
