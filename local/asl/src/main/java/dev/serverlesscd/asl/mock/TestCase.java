package dev.serverlesscd.asl.mock;

import java.util.Map;
import java.util.Optional;

/**
 * {@code StateMachines.<stateMachine>.TestCases.<name>}: the Task states it mocks, by state name.
 */
public record TestCase(String stateMachine, String name, Map<String, MockedResponse> mockedStates) {
    public TestCase {
        mockedStates = Map.copyOf(mockedStates);
    }

    public Optional<MockedResponse> mockFor(String stateName) {
        return Optional.ofNullable(mockedStates.get(stateName));
    }
}
