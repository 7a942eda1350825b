package dev.serverlesscd.functions.pages;

import java.util.Map;

/** What a page route answers: status, headers, body (text). */
public record PageResponse(int status, Map<String, String> headers, String body) {
}
