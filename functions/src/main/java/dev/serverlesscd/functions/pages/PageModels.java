package dev.serverlesscd.functions.pages;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.serverlesscd.functions.approval.Approval;
import dev.serverlesscd.functions.approval.DecisionRecord;
import dev.serverlesscd.functions.deploy.DeploymentRecord;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunQuery;
import dev.serverlesscd.functions.run.StageRecord;
import java.time.Duration;
import java.util.List;

/** What the pages show, as the JSON API answers it too (the pages are its first client). */
public final class PageModels {
    private PageModels() {
    }

    /** One row of the runs page: the run, how long it took (or has taken), the environments it reached. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunRow(Run run, Duration duration, List<String> reached) {
    }

    /** A page of runs and the cursor of the next one (null on the last). */
    public record RunList(RunQuery query, List<RunRow> runs, String next) {
    }

    /** A check build and where to read its log. */
    public record BuildLog(String stage, String status, String buildId, String link) {
    }

    /** An approval with who decided what. */
    public record ApprovalView(Approval approval, List<DecisionRecord> decisions) {
    }

    /**
     * One run, whole: stages in time order, the gate's reasons and warnings, the check builds' logs, approvals, and
     * what it did to each environment. {@code version} changes whenever any of it does: a page polls for it.
     */
    public record RunDetail(Run run, List<StageRecord> stages, List<String> reasons, List<String> warnings,
                            List<BuildLog> builds, List<ApprovalView> approvals, List<DeploymentRecord> deployments,
                            String version) {
    }

    /**
     * What runs in one repository's environment now ({@code live}: its newest SUCCEEDED or ROLLED_BACK item, null
     * if nothing was ever deployed), its history newest first, and the versions a manual rollback can go back to.
     */
    public record EnvironmentView(String repository, String environment, String namespace, String deployment,
                                  DeploymentRecord live, List<DeploymentRecord> history,
                                  List<DeploymentRecord> rollbackTargets) {
    }
}
