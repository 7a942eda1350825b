package dev.serverlesscd.functions.approval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The approval page's HTML: evidence and form, a decision's result, a refusal. Every value is escaped. */
public final class ApprovalPages {

    private ApprovalPages() {
    }

    /** The form carries the link's own parameters, so the POST is checked exactly like the GET. */
    public static String form(VerifiedLink link, String expires, String signature) {
        Approval approval = link.approval();
        StringBuilder body = new StringBuilder()
                .append("<h1>Deploy ").append(esc(approval.version())).append(" to ")
                .append(esc(approval.environment().name())).append("?</h1>\n")
                .append("<p>Run <code>").append(esc(approval.runId())).append("</code> waits for your decision, ")
                .append(esc(link.approver())).append(". It needs ").append(approval.requiredApprovals())
                .append(" approval(s); ").append(approval.approvedBy().size()).append(" so far")
                .append(approval.approvedBy().isEmpty() ? "" : " (" + esc(String.join(", ", approval.approvedBy())) + ")")
                .append(". One reject stops the run. Decide before ").append(esc(approval.deadline().toString()))
                .append(".</p>\n<table>\n");
        for (Map.Entry<String, String> row : ApprovalRequester.evidence(approval).entrySet()) {
            body.append("<tr><th>").append(esc(row.getKey())).append("</th><td><code>").append(esc(row.getValue()))
                    .append("</code></td></tr>\n");
        }
        body.append("</table>\n");
        list(body, "Gate reasons", approval.gate() == null ? null : approval.gate().get("reasons"));
        list(body, "Gate warnings", approval.gate() == null ? null : approval.gate().get("warnings"));
        return page("Approve " + approval.environment().name(), body
                .append("<form method=\"post\">\n")
                .append(hidden("id", approval.approvalId()))
                .append(hidden("approver", link.approver()))
                .append(hidden("expires", expires))
                .append(hidden("sig", signature))
                .append("<p><label>Reason (required to reject)<br><textarea name=\"reason\" rows=\"3\" cols=\"60\"></textarea></label></p>\n")
                .append("<p><button name=\"decision\" value=\"APPROVE\">Approve</button> ")
                .append("<button name=\"decision\" value=\"REJECT\">Reject</button></p>\n</form>\n")
                .toString());
    }

    public static String result(DecisionOutcome outcome) {
        return page("Decision recorded", "<h1>Decision recorded</h1>\n<p>" + esc(outcome.describe()) + "</p>\n");
    }

    public static String refusal(String title, String message) {
        return page(title, "<h1>" + esc(title) + "</h1>\n<p>" + esc(message) + "</p>\n");
    }

    private static void list(StringBuilder body, String label, JsonNode items) {
        body.append("<h2>").append(esc(label)).append("</h2>\n");
        if (items == null || !items.isArray() || items.isEmpty()) {
            body.append("<p>none</p>\n");
            return;
        }
        body.append("<ul>\n");
        items.forEach(item -> body.append("<li>").append(esc(item.asText())).append("</li>\n"));
        body.append("</ul>\n");
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + esc(value) + "\">\n";
    }

    private static String page(String title, String body) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title)
                + "</title>\n<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}th{text-align:left;padding-right:1em}</style>"
                + "</head>\n<body>\n" + body + "</body></html>\n";
    }

    static String esc(String value) {
        return dev.serverlesscd.functions.common.Html.escape(value);
    }
}
