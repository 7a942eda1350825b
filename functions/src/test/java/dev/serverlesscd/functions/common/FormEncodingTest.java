package dev.serverlesscd.functions.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class FormEncodingTest {

    @Test
    void decode_shouldDecodeNamesAndValues_andJoinARepeatedNameWithCommas_asApiGatewayDoes() {
        assertThat(FormEncoding.decode("id=a%2Fb&approver=lead%40example.com&flag&tag=x&tag=y&&reason=ship+it"))
                .containsExactly(
                        java.util.Map.entry("id", "a/b"),
                        java.util.Map.entry("approver", "lead@example.com"),
                        java.util.Map.entry("flag", ""),
                        java.util.Map.entry("tag", "x,y"),
                        java.util.Map.entry("reason", "ship it"));
    }

    @Test
    void decode_shouldAnswerNothing_forNullOrEmptyText() {
        assertThat(FormEncoding.decode(null)).isEmpty();
        assertThat(FormEncoding.decode("")).isEmpty();
    }

    @Test
    void decode_shouldRefuseAMalformedEscape() {
        assertThatThrownBy(() -> FormEncoding.decode("payload=%zz"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
