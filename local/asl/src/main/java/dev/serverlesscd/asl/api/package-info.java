/**
 * The AWS Step Functions API on localhost, over the in-process executor.
 *
 * <p>{@link dev.serverlesscd.asl.api.StepFunctionsServer} speaks the awsJson1_0 protocol on 127.0.0.1, so the AWS
 * SDKs and CLI work against it with an endpoint override and any credentials;
 * {@link dev.serverlesscd.asl.api.StepFunctionsService} is the same operations without HTTP. Operations:
 * CreateStateMachine, UpdateStateMachine, DescribeStateMachine, ListStateMachines, DeleteStateMachine,
 * StartExecution, DescribeExecution, ListExecutions, GetExecutionHistory, StopExecution, SendTaskSuccess,
 * SendTaskFailure, SendTaskHeartbeat.
 *
 * <p>Known differences from AWS: state machine versions and aliases, activities, Map runs, redrive, tags,
 * DescribeStateMachineForExecution and the other operations are not served (UnknownOperationException; publish=true is
 * a ValidationException); EXPRESS state machines run as STANDARD ones do; DeleteStateMachine removes the state machine
 * at once and lets its running executions finish; logging and tracing configurations are stored and echoed, not
 * acted on (UpdateStateMachine does not change them); execution names are unique forever, not for 90 days;
 * StartExecution idempotency compares inputs as JSON values, not as text; request bodies over 4 MiB are refused
 * with HTTP 413; there is no per-request read timeout (a client that trickles its body holds one server thread).
 */
package dev.serverlesscd.asl.api;
