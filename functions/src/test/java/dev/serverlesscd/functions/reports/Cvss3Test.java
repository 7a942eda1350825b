package dev.serverlesscd.functions.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.config.Severity;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** CVSS 3 base scores against the scores FIRST's calculator gives for the same vectors. */
@Tag("unit")
class Cvss3Test {

    @Test
    void baseScore_shouldMatchTheSpecification_forUnchangedAndChangedScope() {
        assertThat(Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).hasValue(9.8);
        assertThat(Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N")).hasValue(7.5);
        assertThat(Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H")).hasValue(7.2);
        assertThat(Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L")).hasValue(5.3);
        assertThat(Cvss3.baseScore("CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H")).hasValue(6.2);
        assertThat(Cvss3.baseScore("CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H")).hasValue(5.1);
        assertThat(Cvss3.baseScore("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N")).hasValue(6.1);
        assertThat(Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")).hasValue(10.0);
        assertThat(Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N")).hasValue(0.0);
        // temporal metrics after the base ones are allowed
        assertThat(Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O")).hasValue(9.8);
    }

    @Test
    void baseScore_shouldBeEmpty_forAnIncompleteOrInvalidVector_orAnotherVersion() {
        assertThat(Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H")).isEmpty();
        assertThat(Cvss3.baseScore("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).isEmpty();
        assertThat(Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:Q/C:H/I:H/A:H")).isEmpty();
        assertThat(Cvss3.baseScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")).isEmpty();
    }

    @Test
    void rating_shouldFollowTheQualitativeBands() {
        assertThat(Cvss3.rating(9.0)).isEqualTo(Severity.CRITICAL);
        assertThat(Cvss3.rating(8.9)).isEqualTo(Severity.HIGH);
        assertThat(Cvss3.rating(4.0)).isEqualTo(Severity.MEDIUM);
        assertThat(Cvss3.rating(0.1)).isEqualTo(Severity.LOW);
        assertThat(Cvss3.rating(0.0)).isEqualTo(Severity.NONE);
    }
}
