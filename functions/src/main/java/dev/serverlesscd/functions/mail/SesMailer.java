package dev.serverlesscd.functions.mail;

import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.Message;

/** {@link Mailer} with SES (API v2, SendEmail, simple content in UTF-8). */
public final class SesMailer implements Mailer {
    private final SesV2Client ses;

    public SesMailer(SesV2Client ses) {
        this.ses = Objects.requireNonNull(ses, "SES client is not specified");
    }

    @Override
    public void send(Mail mail) {
        Body.Builder body = Body.builder().text(utf8(mail.text()));
        if (mail.html() != null) {
            body.html(utf8(mail.html()));
        }
        try {
            ses.sendEmail(r -> r.fromEmailAddress(mail.from())
                    .destination(d -> d.toAddresses(mail.to()))
                    .content(c -> c.simple(Message.builder().subject(utf8(mail.subject())).body(body.build()).build())));
        } catch (SdkException e) {
            throw new MailDeliveryException("SES did not accept the mail '" + mail.subject() + "' to "
                    + String.join(", ", mail.to()) + ": " + e.getMessage(), e);
        }
    }

    private static Content utf8(String data) {
        return Content.builder().data(data).charset("UTF-8").build();
    }
}
