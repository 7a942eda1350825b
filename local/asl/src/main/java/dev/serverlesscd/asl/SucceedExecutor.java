package dev.serverlesscd.asl;

import java.util.Map;

/** Succeed: InputPath and OutputPath (JSONata: Output) and the end of its block. */
final class SucceedExecutor implements StateExecutor<State.Succeed> {
    @Override
    public Outcome execute(State.Succeed succeed, StateRun r) {
        if (r.jsonata()) {
            return DataFlow.jsonataResult(r, r.env(null), r.input);
        }
        return new Outcome(DataFlow.outputPath(r, DataFlow.inputPath(r)), Map.of());
    }
}
