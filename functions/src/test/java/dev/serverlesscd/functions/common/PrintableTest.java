package dev.serverlesscd.functions.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PrintableTest {

    @Test
    void of_shouldEscapeWhatATerminalActsOn_andKeepTheRest() {
        assertThat(Printable.of("refs/heads/\u001b[2J\u001b]0;pwned\u0007evil\u0000"))
                .isEqualTo("refs/heads/\\u001b[2J\\u001b]0;pwned\\u0007evil\\u0000");
        assertThat(Printable.of("a\rb\nc\td\u007fe\u009bf")).isEqualTo("a\\u000db\\u000ac\\u0009d\\u007fe\\u009bf");
        assertThat(Printable.of("admin\u202egnp.exe\u2028x")).isEqualTo("admin\\u202egnp.exe\\u2028x");
        assertThat(Printable.of("Renée – déploiement ✓ 日本")).isEqualTo("Renée – déploiement ✓ 日本");
    }

    @Test
    void of_shouldPrintNullAsEmpty_andCutLongValues() {
        assertThat(Printable.of(null)).isEmpty();
        assertThat(Printable.orElse(null, "-")).isEqualTo("-");
        assertThat(Printable.of("abcdef\u001b", 3)).isEqualTo("abc…");
        assertThat(Printable.of("ab\u001b", 3)).isEqualTo("ab\\u001b");
    }
}
