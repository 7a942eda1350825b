package dev.serverlesscd.asl.cli;

import dev.serverlesscd.asl.TaskBindings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code asl}: the local Step Functions runtime's commands. Add it to a larger CLI as a subcommand
 * ({@code subcommands = AslCommand.class}, or {@code addSubcommand(AslCommand.commandLine(bindings))} to give
 * {@code asl run} real task bindings), or run it alone through {@link #main}. A parent command line must
 * {@code setExpandAtFiles(false)}: {@code --input @FILE} names the input file, and picocli would otherwise read that
 * file as more arguments.
 */
@Command(name = "asl", mixinStandardHelpOptions = true, subcommands = RunCommand.class,
        description = "Run Amazon States Language state machines locally.")
public class AslCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: asl run --definition FILE ...");
    }

    /** The {@code asl} command line whose {@code run} binds Task resources with {@code bindings}. */
    public static CommandLine commandLine(TaskBindings bindings) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine cli = new CommandLine(new AslCommand(), new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                return cls == RunCommand.class ? (K) new RunCommand(bindings) : defaults.create(cls);
            }
        });
        // --input @FILE is ours to read: picocli must not expand it as an argument file
        return cli.setExpandAtFiles(false);
    }

    public static void main(String[] args) {
        System.exit(commandLine(TaskBindings.none()).execute(args));
    }
}
