/**
 * The {@code asl} command ({@link dev.serverlesscd.asl.cli.AslCommand}) and its {@code run} subcommand
 * ({@link dev.serverlesscd.asl.cli.RunCommand}): one local execution, its result as one JSON object on stdout.
 */
package dev.serverlesscd.asl.cli;
