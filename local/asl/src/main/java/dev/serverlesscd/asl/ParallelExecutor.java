package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Parallel: every branch on the same input, the results as an array in branch order. */
final class ParallelExecutor implements StateExecutor<State.Parallel> {
    @Override
    public Outcome execute(State.Parallel parallel, StateRun s) {
        Runner runner = s.runner;
        ObjectNode context = s.context();
        JsonNode branchInput;
        if (s.jsonata()) {
            branchInput = parallel.parameters() == null ? s.input
                    : JsonataSupport.evaluateTemplate(parallel.parameters(), "Arguments", s.env(null, null, context));
        } else {
            JsonNode eff = DataFlow.inputPath(s);
            branchInput = parallel.parameters() == null ? eff : DataFlow.template(s, parallel.parameters(), eff, context);
        }
        long startedId = runner.emit(s.lane, "ParallelStateStarted", Json.obj());
        List<Callable<JsonNode>> work = new ArrayList<>();
        boolean inline = true;
        for (Block block : parallel.branches()) {
            inline &= block.nonBlocking();
            work.add(() -> runner.runBlock(block, branchInput, new Scope(s.scope), new Runner.Lane(startedId)));
        }
        ArrayNode results = Json.NODES.arrayNode();
        try {
            results.addAll(Branches.runAll(runner, work, 0, null, inline));
        } catch (AslError e) {
            runner.emit(s.lane, "ParallelStateFailed", Json.obj());
            throw e;
        }
        runner.emit(s.lane, "ParallelStateSucceeded", Json.obj());
        return afterBranches(s, results, context, parallel.resultSelector(), parallel.resultPath());
    }

    /** The results of branches or iterations, through the JSONata Output or the JSONPath result processing. */
    static Outcome afterBranches(StateRun s, JsonNode results, ObjectNode context, JsonNode resultSelector,
                                 String resultPath) {
        if (s.jsonata()) {
            return DataFlow.jsonataResult(s, s.env(results, null, context), results);
        }
        return DataFlow.jsonPathResult(s, results, resultSelector, resultPath, context);
    }
}
