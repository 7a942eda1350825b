package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.jsonpath.ChoiceRules;

import java.util.function.Supplier;

/** Choice: the first matching rule's Next (and its Assign/Output), else Default, else States.Runtime. */
final class ChoiceExecutor implements StateExecutor<State.Choice> {
    @Override
    public Outcome execute(State.Choice choice, StateRun r) {
        return r.jsonata() ? jsonata(choice, r) : jsonPath(choice, r);
    }

    private Outcome jsonata(State.Choice choice, StateRun r) {
        JsonataSupport.Env env = r.env(null);
        for (State.Choice.Rule rule : choice.rules()) {
            String field = "Choices[" + rule.index() + "]/Condition";
            JsonNode value = DataFlow.value(rule.condition(), field, env);
            if (!value.isBoolean()) {
                throw JsonataSupport.fail(env, field, rule.condition().asText(), "returned a non-boolean value.");
            }
            if (value.booleanValue()) {
                String prefix = "Choices[" + rule.index() + "]/";
                JsonNode assign = rule.assign() != null ? rule.assign() : choice.common().assign();
                JsonNode output = rule.output() != null ? rule.output() : choice.common().output();
                var assigned = DataFlow.assignJsonata(assign, rule.assign() != null ? prefix + "Assign" : "Assign", env);
                JsonNode out = output == null ? r.input
                        : JsonataSupport.evaluateTemplate(output, rule.output() != null ? prefix + "Output" : "Output", env);
                return new Outcome(out, assigned, rule.next());
            }
        }
        if (choice.defaultNext() != null) {
            Outcome o = DataFlow.jsonataResult(r, env, r.input);
            return new Outcome(o.output(), o.assigned(), choice.defaultNext());
        }
        throw noChoice(r);
    }

    private Outcome jsonPath(State.Choice choice, StateRun r) {
        JsonNode effective = DataFlow.inputPath(r);
        ObjectNode[] context = new ObjectNode[1];
        Supplier<JsonNode> contextOnce = () -> context[0] == null ? context[0] = r.context() : context[0];
        for (State.Choice.Rule rule : choice.rules()) {
            if (DataFlow.jsonPath(() -> ChoiceRules.matches(rule.rule(), effective, contextOnce, r.scope::asObject))) {
                JsonNode assign = rule.assign() != null ? rule.assign() : choice.common().assign();
                return new Outcome(DataFlow.outputPath(r, effective),
                        DataFlow.assignJsonPath(r, assign, effective, context[0]), rule.next());
            }
        }
        if (choice.defaultNext() != null) {
            return new Outcome(DataFlow.outputPath(r, effective),
                    DataFlow.assignJsonPath(r, choice.common().assign(), effective, context[0]), choice.defaultNext());
        }
        throw noChoice(r);
    }

    /**
     * The developer guide ("Handling errors in Step Functions workflows") lists States.NoChoiceMatched as reserved
     * for future use: a Choice state that matches nothing and has no Default fails with States.Runtime.
     */
    private static AslError noChoice(StateRun r) {
        return new AslError("States.Runtime", "An error occurred while executing the state '" + r.name()
                + "'. No Choice rule matched the input and the state has no Default.");
    }
}
