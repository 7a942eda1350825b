package dev.serverlesscd.asl.api;

import static dev.serverlesscd.asl.api.SfnTestSupport.ROLE;
import static dev.serverlesscd.asl.api.SfnTestSupport.awaitEnd;
import static dev.serverlesscd.asl.api.SfnTestSupport.awaitEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.TaskBindings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.InvalidOutputException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesResponse;
import software.amazon.awssdk.services.sfn.model.MissingRequiredParameterException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.StopExecutionResponse;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/** The local Step Functions endpoint, driven by the AWS SDK v2 client exactly as an application drives AWS. */
@Tag("unit")
class StepFunctionsServerTest {
    static final String GREET = """
            {"StartAt": "Greet", "States": {"Greet": {"Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:123456789012:function:greet", "End": true}}}""";
    static final String FAIL = """
            {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Custom.Error", "Cause": "it broke"}}}""";
    static final String HOLD = """
            {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 3600, "End": true}}}""";
    static final String CALLBACK = """
            {"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
              "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
              "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/approvals",
                             "MessageBody": {"token.$": "$$.Task.Token"}},
              "End": true}}}""";
    static final String FIVE_PASSES = """
            {"StartAt": "P1", "States": {
              "P1": {"Type": "Pass", "Next": "P2"}, "P2": {"Type": "Pass", "Next": "P3"},
              "P3": {"Type": "Pass", "Next": "P4"}, "P4": {"Type": "Pass", "Next": "P5"},
              "P5": {"Type": "Pass", "End": true}}}""";

    final BlockingQueue<String> tokens = new LinkedBlockingQueue<>();
    StepFunctionsServer server;
    SfnClient sfn;

    @BeforeEach
    void start() throws Exception {
        TaskBindings bindings = TaskBindings.builder()
                .bind("arn:aws:lambda:*", invocation -> {
                    ObjectNode out = JsonNodeFactory.instance.objectNode();
                    out.put("greeting", "hello " + invocation.arguments().path("name").asText());
                    return out;
                })
                .bind("arn:aws:states:::sqs:sendMessage*", invocation -> {
                    tokens.add(invocation.taskToken());
                    return JsonNodeFactory.instance.objectNode().put("MessageId", "m-1");
                })
                .build();
        server = StepFunctionsServer.builder().port(0).bindings(bindings).start();
        sfn = SfnTestSupport.client(server.port());
    }

    @AfterEach
    void stop() {
        sfn.close();
        server.stop();
    }

    String create(String name, String definition) {
        return sfn.createStateMachine(b -> b.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    String startAndGetArn(String smArn, String name, String input) {
        return sfn.startExecution(b -> b.stateMachineArn(smArn).name(name).input(input)).executionArn();
    }

    @Nested
    class StateMachines {
        @Test
        void createThenDescribeReturnsWhatWasCreated() {
            // GIVEN a definition
            Instant before = Instant.now().minusSeconds(1);

            // WHEN it is created
            CreateStateMachineResponse created = sfn.createStateMachine(b -> b.name("Greeter").definition(GREET).roleArn(ROLE));

            // THEN the ARN is AWS's, and DescribeStateMachine gives the state machine back
            assertThat(created.stateMachineArn()).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:Greeter");
            assertThat(created.creationDate()).isAfter(before);
            DescribeStateMachineResponse d = sfn.describeStateMachine(b -> b.stateMachineArn(created.stateMachineArn()));
            assertThat(d.name()).isEqualTo("Greeter");
            assertThat(d.definition()).isEqualTo(GREET);
            assertThat(d.roleArn()).isEqualTo(ROLE);
            assertThat(d.type()).isEqualTo(StateMachineType.STANDARD);
            assertThat(d.status()).isEqualTo(StateMachineStatus.ACTIVE);
            assertThat(d.creationDate()).isEqualTo(created.creationDate());
            assertThat(d.loggingConfiguration().levelAsString()).isEqualTo("OFF");
        }

        @Test
        void creatingTheSameStateMachineAgainIsIdempotentButADifferentDefinitionUnderThatNameIsRefused() {
            // GIVEN a state machine
            String arn = create("Greeter", GREET);

            // WHEN the same name and definition are created again THEN the same state machine comes back
            assertThat(create("Greeter", GREET)).isEqualTo(arn);

            // WHEN another definition is created under that name THEN StateMachineAlreadyExists
            assertThatThrownBy(() -> create("Greeter", FAIL))
                    .isInstanceOf(StateMachineAlreadyExistsException.class)
                    .hasMessageContaining("State Machine Already Exists: '" + arn + "'");
        }

        @Test
        void anInvalidDefinitionIsRefusedWithTheValidationProblems() {
            // GIVEN a definition whose StartAt names no state
            String bad = """
                    {"StartAt": "Nowhere", "States": {"A": {"Type": "Pass", "End": true}}}""";

            // WHEN it is created THEN InvalidDefinition names the problem
            assertThatThrownBy(() -> create("Bad", bad))
                    .isInstanceOf(InvalidDefinitionException.class)
                    .hasMessageContaining("Invalid State Machine Definition")
                    .hasMessageContaining("Nowhere");
            assertThatThrownBy(() -> create("NotJson", "{\"StartAt\": "))
                    .isInstanceOf(InvalidDefinitionException.class);
        }

        @Test
        void namesAndArnsAreCheckedAsAwsChecksThem() {
            // WHEN a name has a space THEN InvalidName
            assertThatThrownBy(() -> create("two words", GREET)).isInstanceOf(InvalidNameException.class)
                    .hasMessageContaining("Invalid Name: 'two words'");
            // WHEN a name is over 80 characters THEN ValidationException
            assertThatThrownBy(() -> create("x".repeat(81), GREET)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Member must have length less than or equal to 80");
            // WHEN the roleArn is missing THEN ValidationException
            assertThatThrownBy(() -> sfn.createStateMachine(b -> b.name("NoRole").definition(GREET)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Value null at 'roleArn'");
            // WHEN an ARN is not a state machine ARN THEN InvalidArn
            assertThatThrownBy(() -> sfn.describeStateMachine(b -> b.stateMachineArn("not-an-arn")))
                    .isInstanceOf(InvalidArnException.class);
            assertThatThrownBy(() -> sfn.describeStateMachine(b -> b.stateMachineArn(
                    "arn:aws:states:us-east-1:123456789012:execution:Greeter:e1")))
                    .isInstanceOf(InvalidArnException.class)
                    .hasMessageContaining("Resource type not valid in this context: execution");
        }

        @Test
        void describingAnUnknownStateMachineIsStateMachineDoesNotExist() {
            // WHEN an ARN of no state machine is described THEN StateMachineDoesNotExist
            assertThatThrownBy(() -> sfn.describeStateMachine(b -> b.stateMachineArn(
                    "arn:aws:states:us-east-1:123456789012:stateMachine:Missing")))
                    .isInstanceOf(StateMachineDoesNotExistException.class)
                    .hasMessageContaining("State Machine Does Not Exist");
        }

        @Test
        void listStateMachinesPagesWithMaxResultsAndNextToken() {
            // GIVEN three state machines
            create("A", GREET);
            create("B", GREET);
            create("C", GREET);

            // WHEN listed two at a time
            ListStateMachinesResponse first = sfn.listStateMachines(b -> b.maxResults(2));
            ListStateMachinesResponse second = sfn.listStateMachines(b -> b.maxResults(2).nextToken(first.nextToken()));

            // THEN the pages hold all three, and the last page has no nextToken
            assertThat(first.stateMachines()).extracting(StateMachineListItem::name).containsExactly("A", "B");
            assertThat(first.nextToken()).isNotNull();
            assertThat(second.stateMachines()).extracting(StateMachineListItem::name).containsExactly("C");
            assertThat(second.nextToken()).isNull();
            assertThat(second.stateMachines().get(0).type()).isEqualTo(StateMachineType.STANDARD);
            // AND a made-up token is InvalidToken
            assertThatThrownBy(() -> sfn.listStateMachines(b -> b.nextToken("bogus-token")))
                    .isInstanceOf(InvalidTokenException.class);
        }

        @Test
        void updateChangesTheDefinitionForNewExecutions() throws Exception {
            // GIVEN a state machine that fails
            String arn = create("Changing", FAIL);
            String revision = sfn.describeStateMachine(b -> b.stateMachineArn(arn)).revisionId();

            // WHEN it is updated to one that greets
            var updated = sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition(GREET));

            // THEN it has a new revision and new executions run the new definition
            assertThat(updated.updateDate()).isNotNull();
            assertThat(updated.revisionId()).isNotEqualTo(revision);
            assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(arn)).definition()).isEqualTo(GREET);
            DescribeExecutionResponse run = awaitEnd(sfn, startAndGetArn(arn, "after-update", "{\"name\": \"Ada\"}"));
            assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        }

        @Test
        void updateErrors() {
            // GIVEN a state machine
            String arn = create("Updatable", GREET);
            // WHEN nothing is given to change THEN MissingRequiredParameter
            assertThatThrownBy(() -> sfn.updateStateMachine(b -> b.stateMachineArn(arn)))
                    .isInstanceOf(MissingRequiredParameterException.class);
            // WHEN the new definition is invalid THEN InvalidDefinition, and the old one stays
            assertThatThrownBy(() -> sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition("{}")))
                    .isInstanceOf(InvalidDefinitionException.class);
            assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(arn)).definition()).isEqualTo(GREET);
            // WHEN the state machine does not exist THEN StateMachineDoesNotExist
            assertThatThrownBy(() -> sfn.updateStateMachine(b -> b.stateMachineArn(arn + "Gone").definition(GREET)))
                    .isInstanceOf(StateMachineDoesNotExistException.class);
        }

        @Test
        void deleteRemovesTheStateMachineAndIsIdempotent() {
            // GIVEN a state machine
            String arn = create("Doomed", GREET);

            // WHEN it is deleted (twice)
            sfn.deleteStateMachine(b -> b.stateMachineArn(arn));
            sfn.deleteStateMachine(b -> b.stateMachineArn(arn));

            // THEN it is gone for Describe, List and StartExecution
            assertThatThrownBy(() -> sfn.describeStateMachine(b -> b.stateMachineArn(arn)))
                    .isInstanceOf(StateMachineDoesNotExistException.class);
            assertThat(sfn.listStateMachines(b -> { }).stateMachines()).isEmpty();
            assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(arn)))
                    .isInstanceOf(StateMachineDoesNotExistException.class);
        }
    }

    @Nested
    class Executions {
        @Test
        void aStartedExecutionRunsToSuccessAndDescribeExecutionShowsItsOutput() throws Exception {
            // GIVEN a state machine with a Lambda task bound locally
            String smArn = create("Greeter", GREET);

            // WHEN an execution is started
            StartExecutionResponse started = sfn.startExecution(b -> b.stateMachineArn(smArn).name("first")
                    .input("{\"name\": \"Ada\"}"));

            // THEN it has AWS's execution ARN and ends SUCCEEDED with the task's output
            assertThat(started.executionArn()).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:Greeter:first");
            DescribeExecutionResponse d = awaitEnd(sfn, started.executionArn());
            assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(d.output()).isEqualTo("{\"greeting\":\"hello Ada\"}");
            assertThat(d.input()).isEqualTo("{\"name\": \"Ada\"}");
            assertThat(d.name()).isEqualTo("first");
            assertThat(d.stateMachineArn()).isEqualTo(smArn);
            assertThat(d.startDate()).isEqualTo(started.startDate());
            assertThat(d.stopDate()).isAfterOrEqualTo(d.startDate());
            assertThat(d.error()).isNull();
        }

        @Test
        void anExecutionWithoutNameOrInputGetsAUuidNameAndAnEmptyObject() throws Exception {
            // GIVEN a state machine
            String smArn = create("Passes", FIVE_PASSES);
            // WHEN started with neither name nor input
            String arn = sfn.startExecution(b -> b.stateMachineArn(smArn)).executionArn();
            // THEN the name is a UUID and the input {}
            DescribeExecutionResponse d = awaitEnd(sfn, arn);
            assertThat(d.name()).matches("[0-9a-f-]{36}");
            assertThat(d.input()).isEqualTo("{}");
            assertThat(d.output()).isEqualTo("{}");
        }

        @Test
        void aFailedExecutionReportsItsErrorAndCause() throws Exception {
            // GIVEN a state machine that fails
            String smArn = create("Failing", FAIL);
            // WHEN it runs
            DescribeExecutionResponse d = awaitEnd(sfn, startAndGetArn(smArn, "f1", "{}"));
            // THEN DescribeExecution shows FAILED with the Fail state's error and cause, and no output
            assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(d.error()).isEqualTo("Custom.Error");
            assertThat(d.cause()).isEqualTo("it broke");
            assertThat(d.output()).isNull();
        }

        @Test
        void startingTheSameNameAndInputWhileRunningIsIdempotentOtherwiseExecutionAlreadyExists() throws Exception {
            // GIVEN an execution that is still running
            String smArn = create("Holding", HOLD);
            StartExecutionResponse first = sfn.startExecution(b -> b.stateMachineArn(smArn).name("once").input("{\"a\": 1}"));

            // WHEN the same name and input are started again THEN the running execution comes back
            StartExecutionResponse again = sfn.startExecution(b -> b.stateMachineArn(smArn).name("once").input("{\"a\": 1}"));
            assertThat(again.executionArn()).isEqualTo(first.executionArn());
            assertThat(again.startDate()).isEqualTo(first.startDate());

            // WHEN the same name comes with another input THEN ExecutionAlreadyExists
            assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(smArn).name("once").input("{\"a\": 2}")))
                    .isInstanceOf(ExecutionAlreadyExistsException.class)
                    .hasMessageContaining("Execution Already Exists: '" + first.executionArn() + "'");

            // WHEN the execution has closed THEN even the same input is ExecutionAlreadyExists
            sfn.stopExecution(b -> b.executionArn(first.executionArn()));
            assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(smArn).name("once").input("{\"a\": 1}")))
                    .isInstanceOf(ExecutionAlreadyExistsException.class);
            assertThat(sfn.listExecutions(b -> b.stateMachineArn(smArn)).executions()).hasSize(1);
        }

        @Test
        void inputMustBeJsonAndAtMost256KiB() {
            // GIVEN a state machine
            String smArn = create("Greeter", GREET);
            // WHEN the input is not JSON THEN InvalidExecutionInput
            assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(smArn).input("{not json")))
                    .isInstanceOf(InvalidExecutionInputException.class)
                    .hasMessageContaining("Invalid State Machine Execution Input");
            assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(smArn).input("{} trailing")))
                    .isInstanceOf(InvalidExecutionInputException.class);
            // WHEN the input is over 262144 bytes THEN ValidationException, and nothing was started
            String huge = "{\"blob\": \"" + "x".repeat(262144) + "\"}";
            assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(smArn).input(huge)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Member must have length less than or equal to 262144");
            assertThat(sfn.listExecutions(b -> b.stateMachineArn(smArn)).executions()).isEmpty();
            // WHEN the execution name has a forbidden character THEN InvalidName
            assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(smArn).name("a/b")))
                    .isInstanceOf(InvalidNameException.class);
        }

        @Test
        void unknownExecutionsAreExecutionDoesNotExist() {
            // WHEN an ARN of no execution is described, stopped or read THEN ExecutionDoesNotExist
            String arn = "arn:aws:states:us-east-1:123456789012:execution:Greeter:nope";
            assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn(arn)))
                    .isInstanceOf(ExecutionDoesNotExistException.class)
                    .hasMessageContaining("Execution Does Not Exist: '" + arn + "'");
            assertThatThrownBy(() -> sfn.stopExecution(b -> b.executionArn(arn)))
                    .isInstanceOf(ExecutionDoesNotExistException.class);
            assertThatThrownBy(() -> sfn.getExecutionHistory(b -> b.executionArn(arn)))
                    .isInstanceOf(ExecutionDoesNotExistException.class);
            // AND a state machine ARN where an execution ARN belongs is InvalidArn
            assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn(
                    "arn:aws:states:us-east-1:123456789012:stateMachine:Greeter")))
                    .isInstanceOf(InvalidArnException.class);
        }

        @Test
        void stopExecutionAbortsARunningExecution() throws Exception {
            // GIVEN an execution waiting an hour
            String smArn = create("Holding", HOLD);
            String arn = startAndGetArn(smArn, "to-stop", "{}");
            awaitEvent(sfn, arn, "WaitStateEntered");

            // WHEN it is stopped with an error and a cause
            StopExecutionResponse stopped = sfn.stopExecution(b -> b.executionArn(arn).error("Operator.Stop").cause("no longer needed"));

            // THEN it is ABORTED with them, and the history ends with ExecutionAborted
            DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(arn));
            assertThat(d.status()).isEqualTo(ExecutionStatus.ABORTED);
            assertThat(d.stopDate()).isEqualTo(stopped.stopDate());
            assertThat(d.error()).isEqualTo("Operator.Stop");
            assertThat(d.cause()).isEqualTo("no longer needed");
            HistoryEvent last = sfn.getExecutionHistory(b -> b.executionArn(arn).reverseOrder(true).maxResults(1)).events().get(0);
            assertThat(last.type()).isEqualTo(HistoryEventType.EXECUTION_ABORTED);
            assertThat(last.executionAbortedEventDetails().error()).isEqualTo("Operator.Stop");
        }

        @Test
        void stoppingAnExecutionThatHasEndedChangesNothing() throws Exception {
            // GIVEN an execution that has succeeded
            String arn = startAndGetArn(create("Passes", FIVE_PASSES), "done", "{}");
            DescribeExecutionResponse before = awaitEnd(sfn, arn);

            // WHEN it is stopped
            StopExecutionResponse stopped = sfn.stopExecution(b -> b.executionArn(arn).error("Late"));

            // THEN the answer is its stop date, and it is still SUCCEEDED
            assertThat(stopped.stopDate()).isEqualTo(before.stopDate());
            DescribeExecutionResponse after = sfn.describeExecution(b -> b.executionArn(arn));
            assertThat(after.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(after.error()).isNull();
        }

        @Test
        void listExecutionsIsNewestFirstFiltersByStatusAndPages() throws Exception {
            // GIVEN three finished executions and a running one
            String passes = create("Passes", FIVE_PASSES);
            for (String name : List.of("e1", "e2", "e3")) {
                awaitEnd(sfn, startAndGetArn(passes, name, "{}"));
            }
            String holding = create("Holding", HOLD);
            startAndGetArn(holding, "waiting", "{}");

            // WHEN listed two at a time
            ListExecutionsResponse first = sfn.listExecutions(b -> b.stateMachineArn(passes).maxResults(2));
            ListExecutionsResponse second = sfn.listExecutions(b -> b.stateMachineArn(passes).maxResults(2)
                    .nextToken(first.nextToken()));

            // THEN newest first, over two pages
            assertThat(first.executions()).extracting(ExecutionListItem::name).containsExactly("e3", "e2");
            assertThat(second.executions()).extracting(ExecutionListItem::name).containsExactly("e1");
            assertThat(second.nextToken()).isNull();
            assertThat(first.executions().get(0).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(first.executions().get(0).stopDate()).isNotNull();
            // AND the status filter keeps only matching executions
            assertThat(sfn.listExecutions(b -> b.stateMachineArn(holding).statusFilter(ExecutionStatus.RUNNING)).executions())
                    .extracting(ExecutionListItem::name).containsExactly("waiting");
            assertThat(sfn.listExecutions(b -> b.stateMachineArn(holding).statusFilter(ExecutionStatus.SUCCEEDED)).executions())
                    .isEmpty();
            // AND an unknown state machine is StateMachineDoesNotExist
            assertThatThrownBy(() -> sfn.listExecutions(b -> b.stateMachineArn(passes + "X")))
                    .isInstanceOf(StateMachineDoesNotExistException.class);
        }
    }

    @Nested
    class History {
        @Test
        void historyPagesWithMaxResultsAndNextTokenInBothOrders() throws Exception {
            // GIVEN a finished execution of five Pass states: 12 events
            String smArn = create("Passes", FIVE_PASSES);
            String arn = startAndGetArn(smArn, "h1", "{\"x\": 1}");
            awaitEnd(sfn, arn);
            List<HistoryEvent> all = sfn.getExecutionHistory(b -> b.executionArn(arn)).events();
            assertThat(all).hasSize(12);
            assertThat(all.get(0).type()).isEqualTo(HistoryEventType.EXECUTION_STARTED);
            assertThat(all.get(0).executionStartedEventDetails().input()).isEqualTo("{\"x\":1}");
            assertThat(all.get(11).type()).isEqualTo(HistoryEventType.EXECUTION_SUCCEEDED);
            assertThat(all).extracting(HistoryEvent::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
            assertThat(all.get(1).type()).isEqualTo(HistoryEventType.PASS_STATE_ENTERED);
            assertThat(all.get(1).stateEnteredEventDetails().name()).isEqualTo("P1");

            // WHEN it is read five events at a time, forwards and backwards
            List<HistoryEvent> forwards = readAll(arn, false);
            List<HistoryEvent> backwards = readAll(arn, true);

            // THEN the pages add up to the whole history, in order
            assertThat(forwards).extracting(HistoryEvent::id).containsExactlyElementsOf(all.stream().map(HistoryEvent::id).toList());
            assertThat(backwards).extracting(HistoryEvent::id).containsExactly(12L, 11L, 10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
        }

        private List<HistoryEvent> readAll(String arn, boolean reverse) {
            List<HistoryEvent> events = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                String t = token;
                GetExecutionHistoryResponse page = sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(5)
                        .reverseOrder(reverse).nextToken(t));
                assertThat(page.events()).hasSizeLessThanOrEqualTo(5);
                events.addAll(page.events());
                token = page.nextToken();
                pages++;
            } while (token != null);
            assertThat(pages).isEqualTo(3);
            return events;
        }

        @Test
        void historyRejectsForeignTokensAndOutOfRangePageSizes() throws Exception {
            // GIVEN two executions, paged
            String smArn = create("Passes", FIVE_PASSES);
            String a = startAndGetArn(smArn, "a", "{}");
            String b2 = startAndGetArn(smArn, "b", "{}");
            awaitEnd(sfn, a);
            awaitEnd(sfn, b2);
            String tokenOfA = sfn.getExecutionHistory(b -> b.executionArn(a).maxResults(2)).nextToken();

            // WHEN a's token is used for b THEN InvalidToken
            assertThatThrownBy(() -> sfn.getExecutionHistory(b -> b.executionArn(b2).nextToken(tokenOfA)))
                    .isInstanceOf(InvalidTokenException.class);
            // WHEN maxResults is over 1000 THEN ValidationException
            assertThatThrownBy(() -> sfn.getExecutionHistory(b -> b.executionArn(a).maxResults(1001)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("maxResults");
        }

        @Test
        void withoutExecutionDataTheHistoryOmitsInputsAndOutputs() throws Exception {
            // GIVEN a finished execution
            String smArn = create("Passes", FIVE_PASSES);
            String arn = startAndGetArn(smArn, "private", "{\"secret\": 1}");
            awaitEnd(sfn, arn);
            // WHEN its history is read with includeExecutionData false
            HistoryEvent started = sfn.getExecutionHistory(b -> b.executionArn(arn).includeExecutionData(false)).events().get(0);
            // THEN the input is left out
            assertThat(started.executionStartedEventDetails().input()).isNull();
        }
    }

    @Nested
    class TaskTokens {
        @Test
        void aWaitForTaskTokenExecutionCompletesThroughSendTaskSuccess() throws Exception {
            // GIVEN an execution waiting on a task token
            String smArn = create("Callback", CALLBACK);
            String arn = startAndGetArn(smArn, "cb1", "{}");
            String token = tokens.poll(10, TimeUnit.SECONDS);
            assertThat(token).isNotNull();
            assertThat(sfn.describeExecution(b -> b.executionArn(arn)).status()).isEqualTo(ExecutionStatus.RUNNING);

            // WHEN the worker heartbeats and then answers through the SDK
            sfn.sendTaskHeartbeat(b -> b.taskToken(token));
            sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"approved\": true}"));

            // THEN the execution succeeds with that output
            DescribeExecutionResponse d = awaitEnd(sfn, arn);
            assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(d.output()).isEqualTo("{\"approved\":true}");
            // AND the token cannot be used again
            assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}")))
                    .isInstanceOf(TaskTimedOutException.class);
        }

        @Test
        void sendTaskFailureFailsTheExecutionWithTheGivenErrorAndCause() throws Exception {
            // GIVEN an execution waiting on a task token
            String arn = startAndGetArn(create("Callback", CALLBACK), "cb2", "{}");
            String token = tokens.poll(10, TimeUnit.SECONDS);

            // WHEN the worker reports a failure
            sfn.sendTaskFailure(b -> b.taskToken(token).error("Approval.Rejected").cause("rejected by ops"));

            // THEN the execution fails with it
            DescribeExecutionResponse d = awaitEnd(sfn, arn);
            assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(d.error()).isEqualTo("Approval.Rejected");
            assertThat(d.cause()).isEqualTo("rejected by ops");
        }

        @Test
        void tokenErrorsAreInvalidTokenTaskDoesNotExistAndInvalidOutput() throws Exception {
            // WHEN a token is not one this runtime could have issued THEN InvalidToken
            assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken("garbage").output("{}")))
                    .isInstanceOf(InvalidTokenException.class);
            // WHEN a well-formed token names no task THEN TaskDoesNotExist
            String unknown = "AQ" + "A".repeat(96);
            assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken(unknown).output("{}")))
                    .isInstanceOf(TaskDoesNotExistException.class);
            assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken(unknown)))
                    .isInstanceOf(TaskDoesNotExistException.class);
            assertThatThrownBy(() -> sfn.sendTaskHeartbeat(b -> b.taskToken(unknown)))
                    .isInstanceOf(TaskDoesNotExistException.class);
            // WHEN the output is not JSON THEN InvalidOutput, and the task still waits for a good answer
            String arn = startAndGetArn(create("Callback", CALLBACK), "cb3", "{}");
            String token = tokens.poll(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("not json")))
                    .isInstanceOf(InvalidOutputException.class);
            sfn.sendTaskSuccess(b -> b.taskToken(token).output("[1, 2]"));
            assertThat(awaitEnd(sfn, arn).output()).isEqualTo("[1,2]");
        }

        @Test
        void stoppingAnExecutionClosesItsTaskTokens() throws Exception {
            // GIVEN an execution waiting on a task token
            String arn = startAndGetArn(create("Callback", CALLBACK), "cb4", "{}");
            String token = tokens.poll(10, TimeUnit.SECONDS);
            // WHEN it is stopped
            sfn.stopExecution(b -> b.executionArn(arn));
            // THEN its token is refused
            assertThat(sfn.describeExecution(b -> b.executionArn(arn)).status()).isEqualTo(ExecutionStatus.ABORTED);
            assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}")))
                    .isInstanceOf(TaskTimedOutException.class);
        }
    }
}
