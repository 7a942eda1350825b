package dev.serverlesscd.local.cli;

import dev.serverlesscd.functions.approval.Approval;
import dev.serverlesscd.functions.approval.ApprovalService;
import dev.serverlesscd.functions.approval.Decision;
import dev.serverlesscd.functions.approval.DecisionOutcome;
import dev.serverlesscd.functions.run.Run;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pipeline approve RUN_ID --as EMAIL [--reject --reason TEXT]}: answers a run's pending approval. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Decides a run's pending approval as an approver, through the running `pipeline local serve`.")
public final class ApproveCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run waiting for approval.")
    String runId;

    @Option(names = "--as", required = true, paramLabel = "EMAIL", description = "The approver deciding (must be on the environment's list).")
    String approver;

    @Option(names = "--reject", description = "Reject instead of approve.")
    boolean reject;

    @Option(names = "--reason", description = "Why (required to reject).")
    String reason;

    @Option(names = "--workspace", description = "The local state (default: .pipeline/ in the repository).")
    Path workspace;

    @Override
    public Integer call() {
        LocalState state = LocalState.at(workspace);
        if (state.servedOrSay("approvals are answered through its Step Functions API (the demo answers its own)")
                .isEmpty()) {
            return 2;
        }
        try (Connection connection = Connection.open(state)) {
            ApprovalService approvals = connection.approvals().orElseThrow();
            List<Approval> pending = approvals.pendingForRun(runId, Instant.now());
            if (pending.isEmpty()) {
                Optional<Run> run = connection.runs().find(runId);
                System.err.println(run.isEmpty()
                        ? "run " + runId + " does not exist in the local store (./pipeline runs list shows the runs)"
                        : "run " + runId + " (" + run.get().status() + ") has no pending approval");
                return 1;
            }
            Decision decision = reject ? Decision.REJECT : Decision.APPROVE;
            for (Approval approval : pending) {
                DecisionOutcome outcome = approvals.decide(approval.approvalId(), approver, decision,
                        Optional.ofNullable(reason).orElse(reject ? null : "approved from the CLI"), Instant.now());
                System.out.println(approval.environment().name() + ": " + outcome.describe());
            }
            return 0;
        } catch (RuntimeException refused) {
            System.err.println("refused: " + refused.getMessage());
            return 1;
        }
    }
}
