package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * A Distributed Map ("Using Map state in Distributed mode"): a Map Run whose iterations are child executions, each
 * with its own history (ExecutionStarted ... ExecutionSucceeded) and without the parent's variables. The parent's
 * history records MapRunStarted and MapRunSucceeded (or MapRunFailed) instead of the iterations' events. Items come
 * from the state's input (ItemsPath, or JSONata Items), through ItemSelector and, with an ItemBatcher, in batches;
 * ItemReader (S3) and ResultWriter are not run locally.
 */
final class DistributedMap {
    /** What a failed Map Run reports, as for a tolerated failure threshold that is exceeded. */
    static final String EXCEEDED = "States.ExceedToleratedFailureThreshold";

    private DistributedMap() {
    }

    static JsonNode run(State.MapState map, StateRun s, ObjectNode context, MapLimits limits) {
        Runner runner = s.runner;
        AslExecutor.Arns arns = runner.arns();
        String label = map.label() != null ? map.label() : s.name();
        String mapRunId = UUID.randomUUID().toString();
        String mapRunArn = "arn:aws:states:" + arns.region() + ":" + arns.account() + ":mapRun:"
                + arns.stateMachineName() + "/" + label + ":" + mapRunId;
        runner.emit(s.lane, "MapRunStarted", Runner.details("mapRunStartedEventDetails", "mapRunArn", mapRunArn));
        JsonNode items = limits.items();
        List<JsonNode> inputs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            inputs.add(MapExecutor.itemInput(map, s, context, limits.effectiveInput(), i, items.get(i)));
        }
        if (map.itemBatcher() != null) {
            inputs = ItemBatches.of(map.itemBatcher(), s, context, limits.effectiveInput(), inputs);
        }
        List<Callable<JsonNode>> work = new ArrayList<>();
        for (JsonNode input : inputs) {
            work.add(() -> child(map, s, arns, label, input));
        }
        Branches.FailureSink sink = limits.failureSink(inputs.size());
        if (sink == null) {
            sink = (index, error) -> {
                throw new AslError(EXCEEDED, "The specified tolerated failure threshold was exceeded");
            };
        }
        ArrayNode results = Json.NODES.arrayNode();
        try {
            results.addAll(Branches.runAll(runner, work, limits.maxConcurrency(), sink, map.processor().nonBlocking()));
        } catch (AslError e) {
            runner.emit(s.lane, "MapRunFailed", Runner.details("mapRunFailedEventDetails", "error", e.error(),
                    "cause", e.cause()));
            throw e;
        }
        runner.emit(s.lane, "MapRunSucceeded", Json.obj());
        return results;
    }

    private static JsonNode child(State.MapState map, StateRun s, AslExecutor.Arns arns, String label, JsonNode input) {
        String name = UUID.randomUUID().toString();
        String childArn = "arn:aws:states:" + arns.region() + ":" + arns.account() + ":execution:"
                + arns.stateMachineName() + "/" + label + ":" + name;
        Runner parent = s.runner;
        Execution child = new Execution(childArn, name, arns.stateMachineArn(), parent.execution().stateMachine(),
                input, parent.clock().now(), event -> {
        });
        child.clock(parent.clock()::now);
        AslExecutor.Arns childArns = new AslExecutor.Arns(arns.stateMachineArn(), childArn, arns.region(),
                arns.account(), arns.stateMachineName(), arns.roleArn());
        return new Runner(parent.executor(), child, childArns).runChild(map.processor());
    }
}
