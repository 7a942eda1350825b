package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Map: the items (ItemsPath, or JSONata Items), each through ItemSelector (or the legacy Parameters) and the
 * ItemProcessor, at most MaxConcurrency at a time, with ToleratedFailureCount/Percentage.
 */
final class MapExecutor implements StateExecutor<State.MapState> {
    @Override
    public Outcome execute(State.MapState map, StateRun s) {
        Runner runner = s.runner;
        ObjectNode context = s.context();
        MapLimits limits = MapLimits.of(map, s, context);
        if (map.distributed()) {
            return ParallelExecutor.afterBranches(s, DistributedMap.run(map, s, context, limits), context,
                    map.resultSelector(), map.resultPath());
        }
        JsonNode items = limits.items();
        JsonNode effective = limits.effectiveInput();
        long startedId = runner.emit(s.lane, "MapStateStarted",
                Runner.details("mapStateStartedEventDetails", "length", items.size()));
        List<Callable<JsonNode>> work = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            JsonNode item = items.get(i);
            work.add(() -> iteration(map, s, context, effective, startedId, index, item));
        }
        ArrayNode results = Json.NODES.arrayNode();
        try {
            results.addAll(Branches.runAll(runner, work, limits.maxConcurrency(), limits.failureSink(items.size()),
                    map.processor().nonBlocking()));
        } catch (AslError e) {
            runner.emit(s.lane, "MapStateFailed", Json.obj());
            throw e;
        }
        runner.emit(s.lane, "MapStateSucceeded", Json.obj());
        return ParallelExecutor.afterBranches(s, results, context, map.resultSelector(), map.resultPath());
    }

    /** An item as its iteration's input: through ItemSelector (or the legacy Parameters) when there is one. */
    static JsonNode itemInput(State.MapState map, StateRun s, ObjectNode context, JsonNode effective, int index,
                              JsonNode item) {
        if (map.itemSelector() == null) {
            return item;
        }
        ObjectNode ctx = Json.obj();
        ctx.setAll(context);
        ObjectNode mapItem = ctx.putObject("Map").putObject("Item");
        mapItem.put("Index", index);
        mapItem.set("Value", item);
        // Where the item came from: STATE_DATA for items taken from the state's input, the only source this
        // runtime reads (no ItemReader), as the Context object page documents.
        mapItem.put("Source", "STATE_DATA");
        return s.jsonata()
                ? JsonataSupport.evaluateTemplate(map.itemSelector(), "ItemSelector", s.env(null, null, ctx))
                : DataFlow.template(s, map.itemSelector(), effective, ctx);
    }

    private static JsonNode iteration(State.MapState map, StateRun s, ObjectNode context, JsonNode effective,
                                      long startedId, int index, JsonNode item) {
        Runner runner = s.runner;
        Runner.Lane lane = new Runner.Lane(startedId);
        runner.emit(lane, "MapIterationStarted",
                Runner.details("mapIterationStartedEventDetails", "name", s.name(), "index", index));
        try {
            JsonNode itemInput = itemInput(map, s, context, effective, index, item);
            JsonNode out = runner.runBlock(map.processor(), itemInput, new Scope(s.scope), lane);
            runner.emit(lane, "MapIterationSucceeded",
                    Runner.details("mapIterationSucceededEventDetails", "name", s.name(), "index", index));
            return out;
        } catch (AslError e) {
            if (runner.execution().status() == ExecutionStatus.RUNNING) {
                runner.emit(lane, "MapIterationFailed",
                        Runner.details("mapIterationFailedEventDetails", "name", s.name(), "index", index));
            }
            throw e;
        }
    }
}
