package dev.serverlesscd.functions.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.pages.BuildLogLinks;
import dev.serverlesscd.functions.pages.OidcDiscovery;
import dev.serverlesscd.functions.pages.PageResponse;
import dev.serverlesscd.functions.pages.PagesRouter;
import dev.serverlesscd.functions.pages.SignInSettings;
import dev.serverlesscd.functions.pages.SignInShell;
import dev.serverlesscd.functions.wiring.AwsPorts;
import dev.serverlesscd.functions.wiring.Ports;
import dev.serverlesscd.functions.wiring.Services;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run pages, their JSON API, the badges and, on AWS, the pages' sign-in shell (API Gateway HTTP API, GET; see
 * {@link PagesRouter} for the routes):
 * the request's method, path and query go to the router, its answer comes back. An unexpected failure answers 500
 * with a reference to the log, without details.
 */
public final class PagesHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(PagesHandler.class);

    private final PagesRouter router;

    /**
     * Lambda's constructor: the container's {@link AwsPorts}; build logs on CodeBuild's console of the region; the
     * sign-in shell under {@code /pages} as the stack sets it up ({@link SignInSettings#fromEnvironment}).
     */
    public PagesHandler() {
        this(AwsPorts.container(), BuildLogLinks.codeBuildConsole(Env.system().optional("AWS_REGION").orElse("us-east-1")),
                SignInSettings.fromEnvironment(Env.system(), OidcDiscovery.jdk()).map(SignInShell::new).orElse(null));
    }

    /** The pages without sign-in (locally). */
    public PagesHandler(Ports ports, BuildLogLinks logs) {
        this(ports, logs, null);
    }

    /** The pages with the sign-in shell, or without it when {@code shell} is null. */
    public PagesHandler(Ports ports, BuildLogLinks logs, SignInShell shell) {
        this.router = new PagesRouter(Services.pages(ports, logs), shell);
        Priming.register(this, () -> handleRequest(new APIGatewayV2HTTPEvent(), null));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String path = event.getRawPath();
        try {
            String method = event.getRequestContext() == null || event.getRequestContext().getHttp() == null
                    ? "" : event.getRequestContext().getHttp().getMethod();
            Map<String, String> query = event.getQueryStringParameters() == null ? Map.of()
                    : event.getQueryStringParameters();
            return response(router.route(method, path, query));
        } catch (RuntimeException e) {
            String requestId = context == null ? "-" : context.getAwsRequestId();
            LOG.error("Page {} failed (request {})", path, requestId, e);
            return response(PagesRouter.problem(path != null && path.startsWith("/api/"), 500, "Something went wrong",
                    "The pipeline could not answer this request (reference " + requestId + ")."));
        }
    }

    private static APIGatewayV2HTTPResponse response(PageResponse page) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(page.status()).withHeaders(page.headers())
                .withBody(page.body()).build();
    }
}
