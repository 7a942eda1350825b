package dev.serverlesscd.local.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pipeline open [RUN_ID]}: the address of a run's page (or of the runs page) on the running server. */
@Command(name = "open", mixinStandardHelpOptions = true,
        description = "Prints the address of a run's page, or of the runs page without RUN_ID, served by the running "
                + "`pipeline local serve` (or `pipeline demo --serve`).",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the address is printed", "2:no local server runs"})
public final class OpenCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID", description = "The run id (run-<delivery id>).")
    String runId;

    @Option(names = "--workspace", description = "The local state (default: .pipeline/ in the repository).")
    Path workspace;

    @Override
    public Integer call() {
        LocalState state = LocalState.at(workspace);
        Optional<LocalState.Served> served =
                state.servedOrSay("the pages are served there (or by `pipeline demo --serve`)");
        if (served.isEmpty()) {
            return 2;
        }
        System.out.println(address(served.get().http(), runId));
        return 0;
    }

    /** {@code <server>/run?id=<run>}, or {@code <server>/runs} without a run. */
    static String address(URI server, String runId) {
        return runId == null || runId.isBlank() ? server + "/runs"
                : server + "/run?id=" + URLEncoder.encode(runId.trim(), StandardCharsets.UTF_8);
    }
}
