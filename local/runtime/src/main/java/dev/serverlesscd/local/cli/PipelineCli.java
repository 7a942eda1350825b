package dev.serverlesscd.local.cli;

import dev.serverlesscd.asl.cli.AslCommand;
import dev.serverlesscd.local.runtime.RepositoryRoot;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pipeline}: the local runtime's command line, started by the {@code ./pipeline} launcher. */
@Command(name = "pipeline",
        mixinStandardHelpOptions = true,
        version = "serverless-cd 0.1.0",
        description = "The serverless CI/CD pipeline on this machine: a demo run, the local runtime, pushes, manual runs, runs, approvals, manual rollbacks, metrics and the pages.",
        subcommands = {
                DemoCommand.class,
                LocalCommand.class,
                RunsCommand.class,
                PushCommand.class,
                RunCommand.class,
                ApproveCommand.class,
                RollbackCommand.class,
                MetricsCommand.class,
                OpenCommand.class,
                AslCommand.class,
                CommandLine.HelpCommand.class
        })
public final class PipelineCli implements Runnable {
    /** The libraries' log, in .pipeline/ at the repository root. */
    static final String LOG_FILE = "pipeline.log";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // The embedded servers (DynamoDB Local, Jetty, the handlers, the cluster) log to a file; the console shows the run.
        LibraryLog.to(RepositoryRoot.find().resolve(".pipeline").resolve(LOG_FILE));
        System.exit(commandLine().execute(args));
    }

    /** The command line, ready to execute (tests call this too). */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new PipelineCli());
        // `asl run --input @FILE` reads the file itself; picocli must not expand it first.
        commandLine.setExpandAtFiles(false);
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
