package dev.serverlesscd.functions.reports;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * JUnit XML: Surefire's {@code TEST-*.xml} and the generic format other tools write ({@code testsuites} or
 * {@code testsuite} at the root, {@code testcase} with {@code failure}, {@code error} or {@code skipped}).
 * Counts come from the test cases themselves, not from the suites' attributes. A test case that failed is named
 * {@code SimpleClassName.method} (Surefire's trailing {@code ()} dropped). Surefire's {@code flakyFailure} and
 * {@code rerunFailure} of a test that passed on a rerun do not count as failures.
 */
public final class JUnitXmlParser {

    public TestReport parse(ReportFile file) throws ReportParseException {
        Document document = SafeXml.parse(file);
        Element root = document.getDocumentElement();
        String rootName = root.getTagName();
        if (!rootName.equals("testsuite") && !rootName.equals("testsuites")) {
            throw new ReportParseException(file.path() + ": root element is <" + rootName + ">, not <testsuite> or <testsuites>");
        }
        int total = 0;
        int failed = 0;
        int skipped = 0;
        List<String> failedTests = new ArrayList<>();
        NodeList cases = root.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element testCase = (Element) cases.item(i);
            total++;
            if (hasChild(testCase, "failure") || hasChild(testCase, "error")) {
                failed++;
                failedTests.add(name(testCase, file));
            } else if (hasChild(testCase, "skipped")) {
                skipped++;
            }
        }
        return new TestReport(total, failed, skipped, failedTests);
    }

    private static String name(Element testCase, ReportFile file) throws ReportParseException {
        String className = testCase.getAttribute("classname");
        if (className.isEmpty() && testCase.getParentNode() instanceof Element suite) {
            className = suite.getAttribute("name");
        }
        String method = testCase.getAttribute("name");
        if (method.isEmpty()) {
            throw new ReportParseException(file.path() + ": a failed <testcase> has no name");
        }
        if (method.endsWith("()")) {
            method = method.substring(0, method.length() - 2);
        }
        String simpleClass = className.substring(className.lastIndexOf('.') + 1);
        return simpleClass.isEmpty() ? method : simpleClass + "." + method;
    }

    private static boolean hasChild(Element element, String tag) {
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && e.getTagName().equals(tag)) {
                return true;
            }
        }
        return false;
    }
}
