/**
 * Mocked service integrations in the format of AWS Step Functions Local's mock configuration file
 * ({@link dev.serverlesscd.asl.mock.MockConfig}), and the task bindings that answer a test case's Task states from it
 * ({@link dev.serverlesscd.asl.mock.MockedTaskBindings}).
 *
 * <p>Choices where the AWS page leaves room: invocation keys must cover 0..n without gaps or overlaps; an invocation
 * past the last response fails the task with {@code States.Runtime} (not retried) naming the mock and the invocation;
 * a test case that mocks a state the definition lacks, or a non-Task state, is refused by {@code asl run} before it
 * runs; a mocked {@code .waitForTaskToken} task completes with its mocked answer at once (no token needs sending).
 */
package dev.serverlesscd.asl.mock;
