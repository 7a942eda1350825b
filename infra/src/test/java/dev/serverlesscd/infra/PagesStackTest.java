package dev.serverlesscd.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The run pages on the synthesized template: private routes behind a JWT authorizer on the stack's user pool, public badges. */
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
