package dev.serverlesscd.asl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesscd.asl.TaskBindings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code asl run}: one execution, one JSON object on stdout; exit 2 and a precise message for unusable input. */
@Tag("unit")
class AslCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path DOC_MOCKS = Path.of("src/test/resources/mock/MockConfigFile.json");
    static final Path DOC_DEFINITION = Path.of("src/test/resources/mock/LambdaSQSIntegration.asl.json");

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    static Result asl(TaskBindings bindings, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AslCommand.commandLine(bindings);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    static Result asl(String... args) {
        return asl(TaskBindings.none(), args);
    }

    Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Nested
    class Runs {
        @Test
        void aSucceededExecutionPrintsStatusAndOutputOnly() throws Exception {
            // GIVEN a definition that shapes its input
            Path def = file("shape.asl.json", """
                    {"StartAt": "Shape", "States": {"Shape": {"Type": "Pass",
                      "Parameters": {"greeting.$": "States.Format('hello {}', $.name)"}, "End": true}}}""");

            // WHEN it is run with an input
            Result r = asl("run", "--definition", def.toString(), "--input", "{\"name\": \"Ada\"}");

            // THEN exit 0 and exactly one JSON object: status and output
            assertThat(r.exit()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out().strip().lines()).hasSize(1);
            assertThat(r.json()).isEqualTo(JSON.readTree("{\"status\": \"SUCCEEDED\", \"output\": {\"greeting\": \"hello Ada\"}}"));
        }

        @Test
        void aFailedExecutionPrintsErrorAndCauseAndStillExitsZero() throws Exception {
            // GIVEN a definition that fails
            Path def = file("fail.asl.json", """
                    {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Custom.Error", "Cause": "it broke"}}}""");
            // WHEN it is run
            Result r = asl("run", "--definition", def.toString());
            // THEN exit 0 with status, error and cause, and no output
            assertThat(r.exit()).isZero();
            assertThat(r.json()).isEqualTo(JSON.readTree(
                    "{\"status\": \"FAILED\", \"error\": \"Custom.Error\", \"cause\": \"it broke\"}"));
        }

        @Test
        void waitStatesDoNotSleep() throws Exception {
            // GIVEN a definition that waits a day
            Path def = file("wait.asl.json", """
                    {"StartAt": "Day", "States": {"Day": {"Type": "Wait", "Seconds": 86400, "End": true}}}""");
            long start = System.nanoTime();
            // WHEN it is run
            Result r = asl("run", "--definition", def.toString(), "--input", "[1]");
            // THEN it is done at once
            assertThat(r.json().get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(r.json().get("output")).isEqualTo(JSON.readTree("[1]"));
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        }

        @Test
        void theInputCanComeFromAFile() throws Exception {
            // GIVEN an input file
            Path def = file("echo.asl.json", "{\"StartAt\": \"E\", \"States\": {\"E\": {\"Type\": \"Pass\", \"End\": true}}}");
            Path input = file("input.json", "{\"from\": \"file\"}");
            // WHEN it is given as @FILE THEN it is the execution's input
            Result r = asl("run", "--definition", def.toString(), "--input", "@" + input);
            assertThat(r.json().get("output")).isEqualTo(JSON.readTree("{\"from\": \"file\"}"));
        }

        @Test
        void tasksUseTheBindingsTheCommandWasBuiltWith() throws Exception {
            // GIVEN a Lambda task and a binding for it
            Path def = file("task.asl.json", """
                    {"StartAt": "Call", "States": {"Call": {"Type": "Task",
                      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:double", "End": true}}}""");
            TaskBindings bindings = TaskBindings.builder().bind("arn:aws:lambda:*:function:double",
                    inv -> JSON.getNodeFactory().numberNode(inv.arguments().asInt() * 2)).build();
            // WHEN it is run
            Result r = asl(bindings, "run", "--definition", def.toString(), "--input", "21");
            // THEN the binding answered
            assertThat(r.json().get("output").asInt()).isEqualTo(42);
        }

        @Test
        void aTestCaseOfAMockConfigAnswersTheMockedStates() throws Exception {
            // WHEN the AWS page's example runs its RetryPath test case
            Result r = asl("run", "--definition", DOC_DEFINITION.toString(), "--mock-config", DOC_MOCKS.toString(),
                    "--test-case", "RetryPath");
            // THEN the retries consumed the mocked failures and the SQS mock is the output
            assertThat(r.exit()).isZero();
            assertThat(r.json()).isEqualTo(JSON.readTree("""
                    {"status": "SUCCEEDED", "output": {"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51",
                     "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}}"""));
        }

        @Test
        void anUnmockedTaskWithoutBindingFailsTheExecutionNotTheCommand() throws Exception {
            // WHEN HybridPath (SQS not mocked) runs with no bindings
            Result r = asl("run", "--definition", DOC_DEFINITION.toString(), "--mock-config", DOC_MOCKS.toString(),
                    "--test-case", "HybridPath", "--state-machine", "LambdaSQSIntegration");
            // THEN the execution failed, reported as such, exit 0
            assertThat(r.exit()).isZero();
            assertThat(r.json().get("status").asText()).isEqualTo("FAILED");
            assertThat(r.json().get("error").asText()).isEqualTo("States.TaskFailed");
        }
    }

    @Nested
    class InvalidInvocations {
        @Test
        void aMissingDefinitionFileIsExit2() {
            Result r = asl("run", "--definition", "nowhere.asl.json");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("asl run: definition file not found: nowhere.asl.json" + System.lineSeparator());
        }

        @Test
        void aDefinitionAwsWouldRejectIsExit2WithTheProblems() throws Exception {
            // GIVEN a definition whose Next names no state, and one that is not JSON
            Path def = file("bad.asl.json", """
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Missing"}}}""");
            Path notJson = file("broken.asl.json", "{\"StartAt\": ");
            // WHEN each is run THEN exit 2 and the problems on stderr
            Result r = asl("run", "--definition", def.toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).startsWith("asl run: invalid definition " + def + " (CreateStateMachine would refuse it):")
                    .contains("  - ").contains("Missing");
            Result broken = asl("run", "--definition", notJson.toString());
            assertThat(broken.exit()).isEqualTo(2);
            assertThat(broken.err()).contains("invalid definition").contains("JSON");
        }

        @Test
        void aRefusedDefinitionGetsAwsErrorCodeWithTheProblemNamed() throws Exception {
            // CreateStateMachine answers InvalidDefinition ("Invalid State Machine Definition: '...'") naming the problem
            Path def = file("refused.asl.json", """
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "ResultPath": "$var", "End": true}}}""");
            Result r = asl("run", "--definition", def.toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("InvalidDefinition: Invalid State Machine Definition: '")
                    .contains("State 'A': field 'ResultPath'");
        }

        @Test
        void aDefinitionAwsAcceptsWithVariablesInPathsRuns() throws Exception {
            // "Passing data between states with variables": InputPath may read a variable
            Path def = file("vars.asl.json", """
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"theAnswer": 42}, "Next": "B"},
                     "B": {"Type": "Pass", "InputPath": "$theAnswer", "End": true}}}""");
            Result r = asl("run", "--definition", def.toString());
            assertThat(r.exit()).isEqualTo(0);
            assertThat(r.out()).contains("\"SUCCEEDED\"").contains("42");
        }

        @Test
        void inputThatIsNotJsonIsExit2() throws Exception {
            Path def = file("echo.asl.json", "{\"StartAt\": \"E\", \"States\": {\"E\": {\"Type\": \"Pass\", \"End\": true}}}");
            Result r = asl("run", "--definition", def.toString(), "--input", "{name: 1}");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).startsWith("asl run: --input is not valid JSON:");
            Result missing = asl("run", "--definition", def.toString(), "--input", "@no-input.json");
            assertThat(missing.exit()).isEqualTo(2);
            assertThat(missing.err()).contains("input file not found: no-input.json");
        }

        @Test
        void mockConfigProblemsAreExit2() throws Exception {
            String def = DOC_DEFINITION.toString();
            // WHEN the test case is unknown
            Result unknown = asl("run", "--definition", def, "--mock-config", DOC_MOCKS.toString(), "--test-case", "SadPath");
            assertThat(unknown.exit()).isEqualTo(2);
            assertThat(unknown.err()).contains("Test case 'SadPath' is not defined for state machine 'LambdaSQSIntegration'");
            // WHEN the file is missing
            Result missing = asl("run", "--definition", def, "--mock-config", "none.json", "--test-case", "HappyPath");
            assertThat(missing.err()).contains("Mock config file not found: none.json");
            // WHEN the file is invalid
            Path bad = file("bad-mocks.json", "{\"StateMachines\": {}, \"MockedResponses\": {\"R\": {\"0\": {}}}}");
            Result invalid = asl("run", "--definition", def, "--mock-config", bad.toString(), "--test-case", "T");
            assertThat(invalid.exit()).isEqualTo(2);
            assertThat(invalid.err()).contains("MockedResponses.R.\"0\": must have exactly one of Return or Throw");
            // WHEN the test case mocks a state the definition does not have
            Path other = file("other-mocks.json", """
                    {"StateMachines": {"LambdaSQSIntegration": {"TestCases": {"T": {"Ghost": "R"}}}},
                     "MockedResponses": {"R": {"0": {"Return": {}}}}}""");
            Result ghost = asl("run", "--definition", def, "--mock-config", other.toString(), "--test-case", "T");
            assertThat(ghost.exit()).isEqualTo(2);
            assertThat(ghost.err()).contains("the definition has no state named 'Ghost'");
            // WHEN only half of the pair is given
            assertThat(asl("run", "--definition", def, "--test-case", "T").err()).contains("--test-case needs --mock-config");
            assertThat(asl("run", "--definition", def, "--mock-config", DOC_MOCKS.toString()).err())
                    .contains("--mock-config needs --test-case");
        }

        @Test
        void usageErrorsAreExit2() {
            assertThat(asl("run").exit()).isEqualTo(2);
            assertThat(asl("run").err()).contains("Missing required option: '--definition=FILE'");
            assertThat(asl().exit()).isEqualTo(2);
            assertThat(asl().err()).contains("Missing subcommand");
        }
    }

    @Nested
    class Placeholders {
        @Test
        void unboundDefinitionSubstitutionsAreNamedOnStderr() throws Exception {
            // GIVEN a definition with ${...} placeholders, as CDK's definitionSubstitutions fill them
            Path def = file("substituted.asl.json", """
                    {"StartAt": "Record", "States": {"Record": {"Type": "Task",
                      "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {"FunctionName": "${RecorderFunctionArn}", "Payload": {"project": "${BuildProjectName}"}},
                      "End": true}}}""");

            // WHEN it is run
            Result r = asl("run", "--definition", def.toString());

            // THEN the result is still one JSON object on stdout, and stderr names the unbound placeholders
            assertThat(r.exit()).isZero();
            assertThat(r.json().path("status").asText()).isEqualTo("FAILED");
            assertThat(r.err()).contains("has 2 unbound ${...} placeholders: BuildProjectName, RecorderFunctionArn",
                    "asl run does not substitute them");
        }

        @Test
        void placeholdersAreTheNamesInDollarBraces_eachOnce() {
            assertThat(RunCommand.placeholders("{\"a\": \"${One}\", \"b\": \"x-${Two_2}-${One}\", \"c\": \"$.not\"}"))
                    .containsExactly("One", "Two_2");
        }

        @Test
        void aDefinitionWithoutPlaceholdersRunsWithoutTheNote() throws Exception {
            Path def = file("plain.asl.json", """
                    {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}""");

            assertThat(asl("run", "--definition", def.toString()).err()).isEmpty();
        }
    }

    /** samples/asl: the example README.md shows, run as it says. */
    @Nested
    class TheSample {
        static final Path SAMPLE = Path.of("../../samples/asl");

        @Test
        void aLargeOrderIsPricedAndEachLineReserved() throws Exception {
            Result r = asl("run", "--definition", SAMPLE.resolve("order-check.asl.json").toString(),
                    "--input", "@" + SAMPLE.resolve("order.json"),
                    "--mock-config", SAMPLE.resolve("order-check.mock.json").toString(), "--test-case", "LargeOrder");

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.json().path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(r.json().path("output").path("price")).isEqualTo(JSON.readTree("{\"total\": 240}"));
            assertThat(r.json().path("output").path("reservations")).isEqualTo(JSON.readTree(
                    "[{\"sku\": \"KB-101\", \"reserved\": 2}, {\"sku\": \"MS-202\", \"reserved\": 1}]"));
        }

        @Test
        void aSmallOrderTakesTheChoicesDefault() throws Exception {
            Result r = asl("run", "--definition", SAMPLE.resolve("order-check.asl.json").toString(),
                    "--input", "@" + SAMPLE.resolve("order.json"),
                    "--mock-config", SAMPLE.resolve("order-check.mock.json").toString(), "--test-case", "SmallOrder");

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.json().path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(r.json().path("output").has("reservations")).isFalse();
            assertThat(r.json().path("output").path("note").asText()).startsWith("orders of 100 or less");
        }
    }
}
