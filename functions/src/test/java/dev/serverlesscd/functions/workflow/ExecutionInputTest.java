package dev.serverlesscd.functions.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.run.Run;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ExecutionInputTest {

    private static List<String> names(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    @Test
    void fields_shouldBeTheRunsLeadingFields_thenForkTriggerAndPlan() {
        // GIVEN the run's fields up to its environments (docs/architecture.md, "Execution input")
        List<String> run = names(Run.class);
        List<String> expected = new ArrayList<>(run.subList(0, run.indexOf("environments") + 1));
        expected.addAll(List.of("fork", "trigger", "plan"));

        // THEN the input holds those, in that order, and nothing else
        assertThat(names(ExecutionInput.class)).containsExactlyElementsOf(expected);
    }

    @Test
    void of_shouldRefuseARunWithoutItsPlan() {
        Run run = new Run("run-1", "1", "acme/orders-service", "https://github.com/acme/orders-service.git", "push",
                "refs/heads/main", "main", "main", null, "6113728f27ae82c7b1a177c8d03f9e96e0adf246", "octocat",
                "main-6113728", "standard", false, List.of(), null, null, null, null, null, null, null);

        assertThatThrownBy(() -> ExecutionInput.of(run, false, null)).isInstanceOf(NullPointerException.class)
                .hasMessageStartingWith("plan: ");
    }
}
