package dev.serverlesscd.functions.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The probe on the JDK's HTTP client; redirects are not followed (a redirect is not a healthy answer). */
public final class JdkHttpProbe implements HttpProbe {
    private final HttpClient http;
    private final Duration timeout;

    public JdkHttpProbe(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Answer get(URI uri) {
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.discarding());
            return new Answer(response.statusCode(), "GET " + uri + " answered " + response.statusCode());
        } catch (IOException e) {
            return new Answer(-1, "GET " + uri + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "GET " + uri + " was interrupted");
        }
    }
}
