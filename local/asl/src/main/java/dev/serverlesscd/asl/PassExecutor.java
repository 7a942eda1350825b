package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** Pass: Result or Parameters over the effective input, then ResultPath and OutputPath (JSONata: Output). */
final class PassExecutor implements StateExecutor<State.Pass> {
    @Override
    public Outcome execute(State.Pass pass, StateRun r) {
        if (r.jsonata()) {
            return DataFlow.jsonataResult(r, r.env(null), r.input);
        }
        JsonNode effective = DataFlow.inputPath(r);
        JsonNode result = pass.result() != null ? pass.result()
                : pass.parameters() != null ? DataFlow.template(r, pass.parameters(), effective, null) : effective;
        Map<String, JsonNode> assigned = DataFlow.assignJsonPath(r, pass.common().assign(), result, null);
        return new Outcome(DataFlow.outputPath(r, DataFlow.resultPath(r.input, result, pass.resultPath())), assigned);
    }
}
