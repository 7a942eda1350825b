package dev.serverlesscd.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.infra.config.InfraConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The run pages on the synthesized template: private routes behind a JWT authorizer on the stack's user pool, public
 * badges, and the public sign-in shell with the user pool's hosted UI domain and code-flow client (or the
 * organisation's issuer).
 */
@Tag("unit")
class PagesStackTest {
    private static Template template;

    @BeforeAll
    static void synthesize() {
        template = StackFixture.template();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Object resource) {
        return (Map<String, Object>) ((Map<String, Object>) resource).get("Properties");
    }

    @Test
    void pagesAndTheirApi_areBehindAJwtAuthorizer_onTheStacksUserPool() {
        template.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 1);
        template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of(
                "AuthorizerType", "JWT",
                "IdentitySource", List.of("$request.header.Authorization"),
                "JwtConfiguration", Map.of(
                        "Audience", List.of(Map.of("Ref", Match.stringLikeRegexp("PagesUserPoolPagesClient.*"))),
                        "Issuer", Match.anyValue())));
        Map<String, String> authorization = new java.util.TreeMap<>();
        template.findResources("AWS::ApiGatewayV2::Route").values().forEach(route ->
                authorization.put((String) props(route).get("RouteKey"), (String) props(route).get("AuthorizationType")));
        for (String page : List.of("GET /runs", "GET /run", "GET /environments", "GET /metrics", "GET /pages.js",
                "GET /api/runs", "GET /api/run", "GET /api/environments", "GET /api/metrics")) {
            assertThat(authorization).containsEntry(page, "JWT");
        }
        assertThat(authorization).containsEntry("GET /badges/branch.svg", "NONE")
                .containsEntry("GET /badges/environment.svg", "NONE");
        // the sign-in shell is public, and nothing else is
        List<String> shell = List.of("GET /pages", "GET /pages/runs", "GET /pages/run", "GET /pages/environments",
                "GET /pages/metrics", "GET /pages/callback", "GET /pages/signed-out", "GET /pages/shell.js",
                "GET /pages/pages.js");
        shell.forEach(route -> assertThat(authorization).containsEntry(route, "NONE"));
        authorization.forEach((route, type) -> {
            if (route.startsWith("GET /") && !shell.contains(route) && !route.startsWith("GET /badges/")
                    && !route.startsWith("GET /approvals")) {
                assertThat(type).as(route).isEqualTo("JWT");
            }
        });
    }

    @Test
    void signInShell_usesTheHostedUiDomain_andTheClientsCodeFlow_backToTheApisCallback() {
        Map<String, Map<String, Object>> clients = template.findResources("AWS::Cognito::UserPoolClient");
        assertThat(clients).hasSize(1);
        String clientId = clients.keySet().iterator().next();
        Map<String, Object> client = props(clients.values().iterator().next());
        assertThat(client).containsEntry("AllowedOAuthFlows", List.of("code"))
                .containsEntry("GenerateSecret", false)
                .containsEntry("SupportedIdentityProviders", List.of("COGNITO"));
        assertThat(client.get("CallbackURLs").toString()).contains("Fn::GetAtt=[ApiF70053CD, ApiEndpoint]", "/pages/callback")
                .doesNotContain("localhost", "http:");
        assertThat((List<?>) client.get("CallbackURLs")).hasSize(1);
        assertThat(client.get("LogoutURLs").toString()).contains("/pages/signed-out");

        Map<String, Map<String, Object>> domains = template.findResources("AWS::Cognito::UserPoolDomain");
        assertThat(domains).hasSize(1);
        String domainId = domains.keySet().iterator().next();
        assertThat(props(domains.values().iterator().next()).get("Domain").toString()).contains("serverlesscd-pages-");

        Map<String, Object> variables = pagesEnvironment(template);
        assertThat(variables).containsEntry("PAGES_SIGN_IN_CLIENT_ID", Map.of("Ref", clientId))
                .containsEntry("PAGES_SIGN_IN_SCOPES", "openid email")
                .doesNotContainKey("PAGES_SIGN_IN_ISSUER");
        assertThat(variables.get("PAGES_SIGN_IN_AUTHORIZATION_URL").toString())
                .contains("Ref=" + domainId, ".amazoncognito.com/oauth2/authorize");
        assertThat(variables.get("PAGES_SIGN_IN_TOKEN_URL").toString())
                .contains("Ref=" + domainId, ".amazoncognito.com/oauth2/token");
        assertThat(variables.get("PAGES_SIGN_IN_LOGOUT_URL").toString())
                .contains("/logout?client_id=", "Ref=" + clientId, "&logout_uri=https%3A%2F%2F",
                        "%2Fpages%2Fsigned-out");
    }

    @Test
    void ownIssuer_replacesTheUserPool_andTheShellSignsInWithItsClient_endpointsFromItsDiscoveryDocument() {
        InfraConfig config = InfraConfig.load(Map.of(InfraConfig.CONFIG_FILE_KEY, InfraConfig.DEFAULT_CONFIG_FILE,
                "pagesOidcIssuer", "https://login.example.com/realms/eng", "pagesOidcAudience", "pipeline-pages",
                "pagesOidcClientId", "pipeline-pages-spa", "pagesOidcScopes", "openid profile")::get,
                StackFixture.LAYOUT.infraDir());
        Template own = Template.fromStack(ServerlessCdApp.createStack(new App(), config,
                StackFixture.LAYOUT.requireFunctionsJar(), StackFixture.definition()));

        own.resourceCountIs("AWS::Cognito::UserPool", 0);
        own.resourceCountIs("AWS::Cognito::UserPoolDomain", 0);
        own.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of("JwtConfiguration", Map.of(
                "Audience", List.of("pipeline-pages"), "Issuer", "https://login.example.com/realms/eng")));
        assertThat(pagesEnvironment(own)).containsEntry("PAGES_SIGN_IN_CLIENT_ID", "pipeline-pages-spa")
                .containsEntry("PAGES_SIGN_IN_SCOPES", "openid profile")
                .containsEntry("PAGES_SIGN_IN_ISSUER", "https://login.example.com/realms/eng")
                .doesNotContainKeys("PAGES_SIGN_IN_AUTHORIZATION_URL", "PAGES_SIGN_IN_TOKEN_URL",
                        "PAGES_SIGN_IN_LOGOUT_URL");
        Map<String, String> routes = new java.util.TreeMap<>();
        own.findResources("AWS::ApiGatewayV2::Route").values().forEach(route ->
                routes.put((String) props(route).get("RouteKey"), (String) props(route).get("AuthorizationType")));
        assertThat(routes).containsEntry("GET /pages/callback", "NONE").containsEntry("GET /run", "JWT")
                .containsEntry("GET /api/run", "JWT");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> pagesEnvironment(Template template) {
        Map<String, Map<String, Object>> functions = template.findResources("AWS::Lambda::Function", Map.of(
                "Properties", Map.of("Handler", "dev.serverlesscd.functions.lambda.PagesHandler::handleRequest")));
        assertThat(functions).hasSize(1);
        return (Map<String, Object>) ((Map<String, Object>) props(functions.values().iterator().next())
                .get("Environment")).get("Variables");
    }

    @Test
    void userPool_admitsNoSelfSignUp_requiresMfa_andItsClientUsesTheCodeFlowWithoutASecret() {
        template.resourceCountIs("AWS::Cognito::UserPool", 1);
        template.hasResourceProperties("AWS::Cognito::UserPool", Map.of(
                "AdminCreateUserConfig", Map.of("AllowAdminCreateUserOnly", true),
                "MfaConfiguration", "ON",
                "Policies", Map.of("PasswordPolicy", Match.objectLike(Map.of("MinimumLength", 12)))));
        template.hasResourceProperties("AWS::Cognito::UserPoolClient", Map.of(
                "AllowedOAuthFlows", List.of("code"),
                "AllowedOAuthFlowsUserPoolClient", true,
                "GenerateSecret", false,
                "AllowedOAuthScopes", List.of("openid", "email")));
        template.resourceCountIs("AWS::Cognito::UserPoolDomain", 1);
    }

    @Test
    void pagesFunction_readsTheTable_andItsTwoIndexes_only() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.serverlesscd.functions.lambda.PagesHandler::handleRequest"));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Sid", "QueryRunsByRepository",
                        "Action", "dynamodb:Query"))))),
                "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("PagesRole.*")))));
    }
}
