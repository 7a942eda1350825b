package dev.serverlesscd.asl.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reading and validating the mock configuration file, with the examples of the AWS page "Using mocked service
 * integrations for testing in Step Functions Local" (sfn-local-test-sm-exec) and its "Configuration file for mocked
 * service integrations" (sfn-local-mock-cfg-file): {@code src/test/resources/mock/MockConfigFile.json} is that page's
 * example as printed.
 */
@Tag("unit")
class MockConfigTest {
    static final Path DOC_EXAMPLE = Path.of("src/test/resources/mock/MockConfigFile.json");

    @Test
    void theDocumentationExampleReadsIntoTestCasesAndUnrolledResponses() throws Exception {
        // WHEN the example of the AWS page is read
        MockConfig config = MockConfig.read(DOC_EXAMPLE);

        // THEN it has its state machine, three test cases and the ranges unrolled per invocation
        assertThat(config.stateMachineNames()).containsExactly("LambdaSQSIntegration");
        assertThat(config.testCases("LambdaSQSIntegration")).containsOnlyKeys("HappyPath", "RetryPath", "HybridPath");
        TestCase retry = config.testCase(null, "RetryPath");
        MockedResponse lambda = retry.mockFor("LambdaState").orElseThrow();
        assertThat(lambda.answers()).hasSize(4);
        assertThat(lambda.answer(0)).contains(new MockedResponse.Throw("Lambda.ResourceNotReadyException",
                "Lambda resource is not ready."));
        assertThat(lambda.answer(1)).contains(new MockedResponse.Throw("Lambda.TimeoutException", "Lambda timed out."));
        assertThat(lambda.answer(2)).isEqualTo(lambda.answer(1));
        assertThat(lambda.answer(3).orElseThrow()).isInstanceOfSatisfying(MockedResponse.Return.class,
                r -> assertThat(r.value().at("/Payload/body").asText()).isEqualTo("Hello from Lambda!"));
        assertThat(lambda.answer(4)).isEmpty();
        assertThat(config.testCase("LambdaSQSIntegration", "HybridPath").mockedStates()).containsOnlyKeys("LambdaState");
    }

    @Test
    void anUnknownTestCaseOrStateMachineIsNamedWithWhatTheFileOffers() throws Exception {
        // GIVEN the documentation example
        MockConfig config = MockConfig.read(DOC_EXAMPLE);
        // WHEN a test case it does not define is asked for THEN the error lists those it defines
        assertThatThrownBy(() -> config.testCase(null, "SadPath"))
                .isInstanceOf(MockConfigException.class)
                .hasMessage("Test case 'SadPath' is not defined for state machine 'LambdaSQSIntegration'; defined: "
                        + "[HappyPath, RetryPath, HybridPath]");
        assertThatThrownBy(() -> config.testCase("Other", "HappyPath"))
                .isInstanceOf(MockConfigException.class)
                .hasMessageContaining("State machine 'Other' is not in the mock config's StateMachines [LambdaSQSIntegration]");
    }

    @Test
    void everyProblemOfAnInvalidFileIsReportedWithItsPath() {
        // GIVEN a file with a dangling reference, a gap, an overlap, a response with both Return and Throw, a Throw
        // without Error, a bad key and a test case value that is not a name
        String json = """
                {"StateMachines": {"SM": {"TestCases": {"T": {"A": "Missing", "B": 42, "C": "Gap"}}}},
                 "MockedResponses": {
                   "Gap": {"0": {"Return": 1}, "2": {"Return": 2}},
                   "Overlap": {"0-2": {"Return": 1}, "1": {"Return": 2}},
                   "Both": {"0": {"Return": 1, "Throw": {"Error": "E"}}},
                   "NoError": {"0": {"Throw": {"Cause": "c"}}},
                   "BadKey": {"first": {"Return": 1}},
                   "Backwards": {"2-1": {"Return": 1}}}}""";

        // WHEN it is parsed
        // THEN one exception lists each problem, naming where it is
        assertThatThrownBy(() -> MockConfig.parse(json))
                .isInstanceOf(MockConfigException.class)
                .extracting(e -> ((MockConfigException) e).problems(), LIST)
                .containsExactlyInAnyOrder(
                        "MockedResponses.Gap: invocation keys must cover 0..n without a gap; invocation 1 has no response",
                        "MockedResponses.Overlap.\"1\": overlaps invocations 0-2 defined by another key",
                        "MockedResponses.Both.\"0\": must have exactly one of Return or Throw, not both",
                        "MockedResponses.NoError.\"0\".Throw.Error: must be a non-empty string (missing)",
                        "MockedResponses.BadKey.\"first\": invalid invocation key; use a zero-based index such as \"0\" "
                                + "or an inclusive range such as \"1-2\"",
                        "MockedResponses.Backwards.\"2-1\": range ends before it starts",
                        "StateMachines.SM.TestCases.T.A: mocked response 'Missing' is not defined in MockedResponses",
                        "StateMachines.SM.TestCases.T.B: must be the name of a mocked response (a string), not number");
        // (C refers to Gap, whose problem is reported once, under MockedResponses)
    }

    @Test
    void notJsonAndMissingSectionsAreReportedPrecisely() {
        // WHEN the text is not JSON THEN the parser's message and position
        assertThatThrownBy(() -> MockConfig.parse("{\"StateMachines\": {"))
                .isInstanceOf(MockConfigException.class)
                .hasMessageStartingWith("Mock config is not valid JSON:")
                .hasMessageContaining("line 1");
        // WHEN a key is there twice THEN that is an error, not a silent override
        assertThatThrownBy(() -> MockConfig.parse("{\"StateMachines\": {}, \"StateMachines\": {}, \"MockedResponses\": {}}"))
                .hasMessageContaining("Duplicate field 'StateMachines'");
        // WHEN sections are missing or misspelt THEN each is named
        assertThatThrownBy(() -> MockConfig.parse("{\"MockedResponse\": {}}"))
                .isInstanceOf(MockConfigException.class)
                .extracting(e -> ((MockConfigException) e).problems(), LIST)
                .containsExactly("MockedResponse: unknown top-level field (expected StateMachines and MockedResponses)",
                        "MockedResponses: missing (an object of named mocked responses)",
                        "StateMachines: missing (an object of state machine names to their TestCases)");
        // WHEN the file does not exist THEN its path is named
        assertThatThrownBy(() -> MockConfig.read(Path.of("no/such/MockConfigFile.json")))
                .hasMessage("Mock config file not found: no/such/MockConfigFile.json");
    }

    @Test
    void aTestCaseIsCheckedAgainstTheDefinitionItMocks() throws Exception {
        // GIVEN a test case mocking a Pass state and a state the definition does not have, in a Map
        MockConfig config = MockConfig.parse("""
                {"StateMachines": {"SM": {"TestCases": {"T": {"Inner": "R", "Shape": "R", "Ghost": "R"}}}},
                 "MockedResponses": {"R": {"0": {"Return": {}}}}}""");
        var definition = new ObjectMapper().readTree("""
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemProcessor": {"StartAt": "Inner",
                   "States": {"Inner": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Shape"},
                              "Shape": {"Type": "Pass", "End": true}}}, "End": true}}}""");

        // WHEN it is checked
        var problems = MockConfig.check(config.testCase("SM", "T"), definition);

        // THEN the nested Task state is fine, the others are named
        assertThat(problems).containsExactly(
                "StateMachines.SM.TestCases.T.Ghost: the definition has no state named 'Ghost'",
                "StateMachines.SM.TestCases.T.Shape: state 'Shape' is a Pass state; only Task states can be mocked");
    }
}
