package dev.serverlesscd.functions.gate;

/** One stage in the gate's answer: {@code {"stage": "test", "verdict": "FAIL", "summary": "2 of 14 tests failed: …"}}. */
public record StageVerdict(String stage, Verdict verdict, String summary) {
}
