package dev.serverlesscd.functions.gate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;

import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Student's t critical values against the tables. */
@Tag("unit")
class StudentTTest {
    @ParameterizedTest(name = "{0} at df {1} is {2}")
    @CsvSource({"0.95, 1, 12.706", "0.95, 4, 2.776", "0.95, 10, 2.228", "0.99, 4, 4.604", "0.99, 8, 3.355",
            "0.99, 30, 2.750", "0.99, 1000000, 2.576", "0.999, 5, 6.869"})
    void critical_shouldMatchTheTables(double confidence, double df, double expected) {
        assertThat(StudentT.critical(confidence, df)).isCloseTo(expected, Offset.offset(0.001));
    }
}
