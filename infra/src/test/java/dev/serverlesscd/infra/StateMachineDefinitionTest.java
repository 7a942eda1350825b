package dev.serverlesscd.infra;

import dev.serverlesscd.functions.common.StateMachinePlaceholders;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Map;
import java.util.Set;

import static dev.serverlesscd.infra.ServerlessCdStackTest.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("unit")
class StateMachineDefinitionTest {

    @Test
    void everyPlaceholderOfTheDefinition_isBound_andEveryBindingIsUsed() throws Exception {
        // GIVEN the ${...} tokens of statemachines/pipeline.asl.json
        Set<String> placeholders = DefinitionPlaceholders.in(Files.readString(StackFixture.definition()));

        // WHEN the stack binds them
        Set<String> bound = bindingsOf("Pipeline");

        // THEN both ways
        assertThat(placeholders).isNotEmpty();
        assertThat(bound).as("bindings the definition does not use").isSubsetOf(placeholders);
        assertThat(placeholders).as("placeholders without a binding").isSubsetOf(bound);
        assertThat(bound).hasSize(13);
    }

    @Test
    void everyPlaceholderOfTheRollbackDefinition_isBound_andEveryBindingIsUsed() throws Exception {
        // GIVEN the ${...} tokens of statemachines/rollback.asl.json
        Set<String> placeholders = DefinitionPlaceholders.in(Files.readString(
                StackFixture.definition().resolveSibling("rollback.asl.json")));

        // WHEN the stack binds them
        Set<String> bound = bindingsOf("Rollback");

        // THEN both ways, and only the deploy functions and Notify
        assertThat(bound).isEqualTo(placeholders)
                .containsExactlyInAnyOrder("DeployFunctionArn", "RolloutStatusFunctionArn", "NotifyFunctionArn");
    }

    @Test
    void sharedPlaceholderNames_areExactlyThoseOfEachDefinition() throws Exception {
        // GIVEN the names the stack and the local runtime bind (functions' StateMachinePlaceholders)
        // WHEN compared with the ${...} tokens of each definition file
        Set<String> pipeline = DefinitionPlaceholders.in(Files.readString(StackFixture.definition()));
        Set<String> rollback = DefinitionPlaceholders.in(Files.readString(
                StackFixture.definition().resolveSibling("rollback.asl.json")));

        // THEN the same names, none missing, none extra
        assertThat(StateMachinePlaceholders.PIPELINE).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(pipeline);
        assertThat(StateMachinePlaceholders.ROLLBACK).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(rollback);
    }

    private static Set<String> bindingsOf(String stateMachine) {
        Map<?, ?> bindings = (Map<?, ?>) props(StackFixture.template().findResources("AWS::StepFunctions::StateMachine")
                .get(ServerlessCdStackTest.logicalIdOf("AWS::StepFunctions::StateMachine", stateMachine)))
                .get("DefinitionSubstitutions");
        return new java.util.TreeSet<>(bindings.keySet().stream().map(Object::toString).toList());
    }

    @Test
    void requireBound_namesUnboundPlaceholders_andUnusedBindings() {
        assertThatThrownBy(() -> DefinitionPlaceholders.requireBound(
                "{\"a\": \"${Bound}\", \"b\": \"${Missing}\"}", Map.of("Bound", "x", "Extra", "y"), "test.asl.json"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[Missing]")
                .hasMessageContaining("[Extra]");
    }
}
