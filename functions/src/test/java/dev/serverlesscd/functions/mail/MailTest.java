package dev.serverlesscd.functions.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class MailTest {

    @Test
    void mail_shouldKeepItsParts_whenValid() {
        // WHEN
        Mail mail = new Mail("pipeline@example.com", List.of("lead@example.com", "ops@example.com"), "Approve?", "text", "<p>html</p>");

        // THEN
        assertThat(mail.to()).containsExactly("lead@example.com", "ops@example.com");
        assertThat(mail.html()).isEqualTo("<p>html</p>");
    }

    @Test
    void mail_shouldRefuseHeaderInjection_throughAnAddressOrTheSubject() {
        assertThatThrownBy(() -> Mail.text("pipeline@example.com", "lead@example.com\r\nBcc: evil@example.com", "s", "t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Mail 'to' is not an email address");
        assertThatThrownBy(() -> Mail.text("pipeline@example.com", "lead@example.com", "Hi\nBcc: evil@example.com", "t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Mail subject must be one line");
    }

    @Test
    void mail_shouldNameWhatIsMissingOrMalformed() {
        assertThatThrownBy(() -> Mail.text(null, "lead@example.com", "s", "t"))
                .hasMessage("Mail needs an address in 'from'");
        assertThatThrownBy(() -> new Mail("pipeline@example.com", List.of(), "s", "t", null))
                .hasMessage("Mail needs at least one recipient in 'to'");
        assertThatThrownBy(() -> Mail.text("pipeline@example.com", "octocat", "s", "t"))
                .hasMessage("Mail 'to' is not an email address: 'octocat'");
        assertThatThrownBy(() -> Mail.text("pipeline@example.com", "lead@example.com", " ", "t"))
                .hasMessage("Mail needs a subject");
        assertThatThrownBy(() -> Mail.text("pipeline@example.com", "lead@example.com", "s", null))
                .hasMessage("Mail needs a text body");
    }
}
