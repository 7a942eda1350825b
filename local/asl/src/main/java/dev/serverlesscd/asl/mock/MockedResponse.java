package dev.serverlesscd.asl.mock;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code MockedResponses}: what a mocked Task state answers on its 1st, 2nd, ... invocation. The file
 * keys responses by zero-based invocation index ({@code "0"}) or inclusive range ({@code "1-2"}); here they are
 * unrolled to one {@link Answer} per invocation.
 *
 * @param name    the key under {@code MockedResponses}
 * @param answers the answer to invocation {@code i} at index {@code i}
 */
public record MockedResponse(String name, List<Answer> answers) {
    public MockedResponse {
        answers = List.copyOf(answers);
    }

    /** The answer to the invocation with this zero-based index, if the mock defines one. */
    public Optional<Answer> answer(int invocation) {
        return invocation >= 0 && invocation < answers.size() ? Optional.of(answers.get(invocation)) : Optional.empty();
    }

    /** A {@code Return} (the task's result) or a {@code Throw} (the task fails with Error and Cause). */
    public sealed interface Answer permits Return, Throw {
    }

    public record Return(JsonNode value) implements Answer {
    }

    public record Throw(String error, String cause) implements Answer {
    }
}
