package dev.serverlesscd.functions.coldstart;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One function's cold start, run in a fresh JVM by {@link ColdStartBenchmark}: the handler class is loaded by name
 * and built with Lambda's no-argument constructor (so {@code AwsPorts.container()} wires it from the environment),
 * then handles one event, and the {@link Probes} line is printed.
 *
 * <p>Arguments: the handler's class name and the event file. A task handler ({@link RequestStreamHandler}) gets the
 * file's bytes as its input stream, as Lambda hands them over. An HTTP handler gets an API Gateway (payload 2.0)
 * event built from a small text format, so that no JSON library is loaded before the handler loads its own: the
 * first line is the method, then {@code h name: value} (headers) and {@code q name=value} (query) lines, an empty
 * line, and the body. Lambda's runtime client (its own start and its event deserialisation) is not part of this;
 * it is the same for every function and for the minimal handler.
 */
public final class HandlerProbe {
    private HandlerProbe() {
    }

    public static void main(String[] args) throws Exception {
        String handlerClass = args[0];
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        Object handler = Class.forName(handlerClass).getConstructor().newInstance();
        long constructed = System.currentTimeMillis();
        String answer;
        if (handler instanceof RequestStreamHandler stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.handleRequest(new ByteArrayInputStream(event), out, null);
            answer = out.toString(StandardCharsets.UTF_8);
        } else {
            @SuppressWarnings("unchecked")
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> http =
                    (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) handler;
            APIGatewayV2HTTPResponse response = http.handleRequest(httpEvent(new String(event, StandardCharsets.UTF_8)), null);
            answer = response.getStatusCode() + " " + response.getBody();
        }
        long handled = System.currentTimeMillis();
        Probes.report(constructed, handled, answer.length() > 2000 ? answer.substring(0, 2000) : answer);
    }

    private static APIGatewayV2HTTPEvent httpEvent(String text) {
        int blank = text.indexOf("\n\n");
        String[] lines = text.substring(0, blank).split("\n");
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("h ")) {
                int colon = line.indexOf(':');
                headers.put(line.substring(2, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
            } else if (line.startsWith("q ")) {
                int equals = line.indexOf('=');
                query.put(line.substring(2, equals), line.substring(equals + 1));
            }
        }
        String method = lines[0].trim();
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setHeaders(headers);
        event.setQueryStringParameters(query.isEmpty() ? null : query);
        event.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build()).build());
        String body = text.substring(blank + 2);
        event.setBody(body.isEmpty() ? null : body);
        event.setIsBase64Encoded(false);
        return event;
    }
}
