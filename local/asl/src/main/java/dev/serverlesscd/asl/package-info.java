/**
 * A local AWS Step Functions runtime: an Amazon States Language executor for the JVM.
 *
 * <h2>Using it</h2>
 * <pre>{@code
 * StateMachine sm = StateMachine.parse(Files.readString(path));          // AslValidationException lists problems
 * TaskBindings bindings = TaskBindings.builder()
 *     .bind("arn:aws:states:::lambda:invoke", inv -> handler.handle(inv.arguments().get("Payload")))
 *     .bind("arn:aws:states:::codebuild:startBuild.sync", inv -> localBuild(inv.arguments()))
 *     .build();
 * try (AslExecutor executor = new AslExecutor(bindings, new AutoAdvanceClock(), (execution, event) -> print(event))) {
 *     Execution e = executor.start(sm, "arn:aws:states:us-east-1:123456789012:stateMachine:Pipeline", "run-42", input);
 *     executor.sendTaskSuccess(token, output);                           // from an approval page, say
 *     e.awaitCompletion(Duration.ofMinutes(5));
 * }
 * }</pre>
 *
 * <h2>Time</h2>
 * Every delay (Wait states, retry back-off) is an {@link dev.serverlesscd.asl.AslClock#sleepUntil} and every timeout
 * (task TimeoutSeconds, HeartbeatSeconds, the state machine's TimeoutSeconds) is a deadline checked against
 * {@link dev.serverlesscd.asl.AslClock#now()} while the executor waits (a 5 ms poll). With a
 * {@link dev.serverlesscd.asl.ManualClock} tests advance time by hand; {@link dev.serverlesscd.asl.AutoAdvanceClock}
 * skips sleeps but lets timeouts run in real time, so a long local build is not timed out by a jump.
 * {@link dev.serverlesscd.asl.AslExecutor#run} blocks until the end, so do not use it with a ManualClock.
 *
 * <h2>Known differences from AWS</h2>
 * <ul>
 * <li>Distributed Map runs its items as in-process child executions with their own histories (the parent records
 *     MapRunStarted/MapRunSucceeded); the children are not listed by ListExecutions and there is no DescribeMapRun.
 *     ItemReader and ResultWriter read and write S3, which a local run has not: they are rejected at parse time.
 *     ToleratedFailureCount/Percentage are honoured for inline Map too; a tolerated failure's slot in the result
 *     array holds its {@code {"Error","Cause"}}.</li>
 * <li>Activities ({@code arn:aws:states:...:activity:...}) are Task resources like any other (Task* events, not
 *     Activity* events). Bare Lambda ARNs record LambdaFunction* events, as AWS does.</li>
 * <li>{@code .sync} tasks record no TaskSubmitted event: the binding returns only the final result.</li>
 * <li>A resource with no binding fails the task: Lambda.ResourceNotFoundException ("Function not found: ...") for Lambda,
 *     otherwise States.TaskFailed naming the resource.</li>
 * <li>JSONata is dashjoin's Java port of JSONata 2.0; AWS uses JSONata 2.0.6 (JavaScript). {@code $now()} and
 *     {@code $millis()} read the wall clock, not the {@link dev.serverlesscd.asl.AslClock}. The evaluation root
 *     {@code $} is undefined: use {@code $states.input}.</li>
 * <li>States.Runtime is never retried or caught; States.ALL does not catch States.DataLimitExceeded (naming it
 *     explicitly does).</li>
 * <li>A variable assigned in a Map iteration or Parallel branch shadows an outer one of the same name inside that
 *     scope; CreateStateMachine's static checks on variable references are not reproduced.</li>
 * <li>Execution names must be unique only among running executions of this executor (AWS: 90 days).</li>
 * <li>History: payloads are never truncated; previousEventId follows the branch an event belongs to.</li>
 * </ul>
 */
package dev.serverlesscd.asl;
