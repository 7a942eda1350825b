package dev.serverlesscd.infra;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("unit")
class NagTest {

    @Test
    void awsSolutionsPack_reportsNoUnsuppressedError() {
        // GIVEN the stack with the AwsSolutions checks the app applies
        StackFixture.template();

        // WHEN cdk-nag has run during synth
        List<SynthesisMessage> errors = Annotations.fromStack(StackFixture.stack())
                .findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        List<SynthesisMessage> warnings = Annotations.fromStack(StackFixture.stack())
                .findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        warnings.forEach(w -> System.out.println("nag warning: " + w.getId() + " " + w.getEntry().getData()));

        // THEN
        assertThat(errors).extracting(e -> e.getId() + ": " + e.getEntry().getData()).isEmpty();
    }
}
