package dev.serverlesscd.infra;

import static dev.serverlesscd.functions.common.EnvironmentVariables.PAGES_SIGN_IN_AUTHORIZATION_URL;
import static dev.serverlesscd.functions.common.EnvironmentVariables.PAGES_SIGN_IN_CLIENT_ID;
import static dev.serverlesscd.functions.common.EnvironmentVariables.PAGES_SIGN_IN_ISSUER;
import static dev.serverlesscd.functions.common.EnvironmentVariables.PAGES_SIGN_IN_LOGOUT_URL;
import static dev.serverlesscd.functions.common.EnvironmentVariables.PAGES_SIGN_IN_SCOPES;
import static dev.serverlesscd.functions.common.EnvironmentVariables.PAGES_SIGN_IN_TOKEN_URL;
import static dev.serverlesscd.functions.common.EnvironmentVariables.PIPELINE_CONFIG;
import static dev.serverlesscd.functions.common.EnvironmentVariables.TABLE_NAME;
import static dev.serverlesscd.infra.FunctionRoles.TABLE_READ;
import static dev.serverlesscd.infra.FunctionRoles.allowTable;
import static dev.serverlesscd.infra.Nag.suppression;

import dev.serverlesscd.functions.lambda.PagesHandler;
import dev.serverlesscd.functions.pages.PagesRouter;
import dev.serverlesscd.functions.pages.SignInShell;
import dev.serverlesscd.infra.config.InfraConfig;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpNoneAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The run pages on AWS: one function (PagesHandler, read-only on the table) behind the HTTP API. The pages and
 * their JSON API are private: a JWT authorizer trusts the stack's Cognito user pool (an app client without a
 * secret, authorization code flow with PKCE, no self sign-up, MFA required), or, when the deployment file names
 * {@code pagesOidcIssuer} and {@code pagesOidcAudience}, the organisation's own OIDC issuer instead (then no user
 * pool is made). The badges stay public, and so does the pages' sign-in shell under {@code /pages}
 * ({@link SignInShell}: a static page and its scripts that run the code flow with PKCE in the browser against the
 * user pool's hosted UI, or the organisation's issuer, then fetch the private pages with the bearer token).
 */
final class Pages extends Construct {

    /**
     * @param config       the deployment (the stack's name, the optional OIDC issuer and audience)
     * @param storage      the table the pages read
     * @param api          the HTTP API the routes are added to
     * @param code         the functions jar
     * @param logRetention retention of the function's log group
     */
    record Props(InfraConfig config, Storage storage, HttpApi api, Code code, RetentionDays logRetention) {
    }

    /** What the pages' sign-in asks the user pool for. */
    private static final List<OAuthScope> SCOPES = List.of(OAuthScope.OPENID, OAuthScope.EMAIL);

    private final Stack stack;
    private final JavaFunction function;
    private final UserPool userPool;
    private final UserPoolClient client;

    Pages(Construct scope, String id, Props props) {
        super(scope, id);
        this.stack = Stack.of(this);
        HttpJwtAuthorizer authorizer;
        Map<String, String> signIn;
        if (props.config().pagesUseOwnIssuer()) {
            userPool = null;
            client = null;
            authorizer = HttpJwtAuthorizer.Builder.create("PagesAuthorizer", props.config().pagesOidcIssuer())
                    .jwtAudience(List.of(props.config().pagesOidcAudience()))
                    .build();
            signIn = ownIssuerSignIn(props.config());
        } else {
            String api = props.api().getApiEndpoint();
            userPool = createUserPool();
            client = userPool.addClient("PagesClient", UserPoolClientOptions.builder()
                    .generateSecret(false)
                    .authFlows(AuthFlow.builder().userSrp(true).build())
                    .oAuth(OAuthSettings.builder()
                            .flows(OAuthFlows.builder().authorizationCodeGrant(true).build())
                            .scopes(SCOPES)
                            .callbackUrls(List.of(api + SignInShell.CALLBACK))
                            .logoutUrls(List.of(api + SignInShell.SIGNED_OUT))
                            .build())
                    .build());
            UserPoolDomain domain = userPool.addDomain("PagesDomain", UserPoolDomainOptions.builder()
                    .cognitoDomain(CognitoDomainOptions.builder()
                            .domainPrefix(props.config().stackName().toLowerCase(Locale.ROOT) + "-pages-" + Aws.ACCOUNT_ID)
                            .build())
                    .build());
            authorizer = HttpJwtAuthorizer.Builder.create("PagesAuthorizer",
                            "https://cognito-idp." + Aws.REGION + ".amazonaws.com/" + userPool.getUserPoolId())
                    .jwtAudience(List.of(client.getUserPoolClientId()))
                    .build();
            signIn = cognitoSignIn(domain, client, props.api());
        }
        function = pagesFunction(props, signIn);
        HttpLambdaIntegration integration = new HttpLambdaIntegration("PagesIntegration", function.alias());
        for (String path : PagesRouter.PAGE_PATHS) {
            props.api().addRoutes(AddRoutesOptions.builder()
                    .path(path)
                    .methods(List.of(HttpMethod.GET))
                    .integration(integration)
                    .authorizer(authorizer)
                    .build());
        }
        List<HttpRoute> badges = publicRoutes(props.api(), integration, PagesRouter.BADGE_PATHS);
        badges.forEach(route -> NagSuppressions.addResourceSuppressions(route, List.of(suppression(
                "AwsSolutions-APIG4", "A status badge is meant to be embedded in a README that anyone reads: it "
                        + "says one word (passing, failing, a version) and nothing else, and is throttled with the "
                        + "API.")), true));
        List<HttpRoute> shell = publicRoutes(props.api(), integration, SignInShell.PATHS);
        shell.forEach(route -> NagSuppressions.addResourceSuppressions(route, List.of(suppression(
                "AwsSolutions-APIG4", "The pages' sign-in shell: one static page and its two scripts, the same for "
                        + "everyone and without data, that sign the reader in (OIDC code flow with PKCE) and then "
                        + "fetch the pages through the authorized routes with the bearer token.")), true));
    }

    private static List<HttpRoute> publicRoutes(HttpApi api, HttpLambdaIntegration integration, List<String> paths) {
        List<HttpRoute> routes = new ArrayList<>();
        for (String path : paths) {
            routes.addAll(api.addRoutes(AddRoutesOptions.builder()
                    .path(path)
                    .methods(List.of(HttpMethod.GET))
                    .integration(integration)
                    .authorizer(new HttpNoneAuthorizer())
                    .build()));
        }
        return routes;
    }

    /**
     * The sign-in shell on the stack's user pool: its hosted UI's endpoints, the app client, and signing out through
     * the hosted UI back to {@code /pages/signed-out} (the logout URL, percent-encoded piece by piece around the
     * API's id, which is only known at deploy time).
     */
    private static Map<String, String> cognitoSignIn(UserPoolDomain domain, UserPoolClient client, HttpApi api) {
        String signedOut = "https%3A%2F%2F" + api.getApiId() + ".execute-api." + Aws.REGION + "." + Aws.URL_SUFFIX
                + SignInShell.SIGNED_OUT.replace("/", "%2F");
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(PAGES_SIGN_IN_CLIENT_ID, client.getUserPoolClientId());
        environment.put(PAGES_SIGN_IN_SCOPES, String.join(" ", SCOPES.stream().map(OAuthScope::getScopeName).toList()));
        environment.put(PAGES_SIGN_IN_AUTHORIZATION_URL, domain.baseUrl() + "/oauth2/authorize");
        environment.put(PAGES_SIGN_IN_TOKEN_URL, domain.baseUrl() + "/oauth2/token");
        environment.put(PAGES_SIGN_IN_LOGOUT_URL, domain.baseUrl() + "/logout?client_id=" + client.getUserPoolClientId()
                + "&logout_uri=" + signedOut);
        return environment;
    }

    /** The sign-in shell on the organisation's issuer: its endpoints as configured, or from its discovery document. */
    private static Map<String, String> ownIssuerSignIn(InfraConfig config) {
        InfraConfig.PagesSignIn signIn = config.pagesSignIn();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(PAGES_SIGN_IN_CLIENT_ID, signIn.clientId());
        environment.put(PAGES_SIGN_IN_SCOPES, signIn.scopes());
        if (signIn.authorizationEndpoint() != null) {
            environment.put(PAGES_SIGN_IN_AUTHORIZATION_URL, signIn.authorizationEndpoint());
            environment.put(PAGES_SIGN_IN_TOKEN_URL, signIn.tokenEndpoint());
        } else {
            environment.put(PAGES_SIGN_IN_ISSUER, config.pagesOidcIssuer());
        }
        if (signIn.logoutUrl() != null) {
            environment.put(PAGES_SIGN_IN_LOGOUT_URL, signIn.logoutUrl());
        }
        return environment;
    }

    JavaFunction function() {
        return function;
    }

    /** The user pool, when the stack makes one (not with the organisation's own issuer). */
    UserPool userPool() {
        return userPool;
    }

    UserPoolClient client() {
        return client;
    }

    private UserPool createUserPool() {
        UserPool pool = UserPool.Builder.create(stack, "PagesUserPool")
                .userPoolName(stack.getStackName() + "-pages")
                .selfSignUpEnabled(false)
                .signInAliases(SignInAliases.builder().email(true).build())
                .passwordPolicy(PasswordPolicy.builder()
                        .minLength(12)
                        .requireLowercase(true)
                        .requireUppercase(true)
                        .requireDigits(true)
                        .requireSymbols(true)
                        .build())
                .mfa(Mfa.REQUIRED)
                .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        NagSuppressions.addResourceSuppressions(pool, List.of(suppression("AwsSolutions-COG3",
                "Threat protection (advanced security) is a paid Cognito feature plan; the pool admits no self "
                        + "sign-up, requires MFA (TOTP) and a 12-character password, and only reads are behind it.")),
                true);
        return pool;
    }

    private JavaFunction pagesFunction(Props props, Map<String, String> signIn) {
        IRole role = FunctionRoles.create(stack, "Pages", "Pages function");
        allowTable(role, props.storage().table(), TABLE_READ);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("QueryRunsByRepository")
                .actions(List.of("dynamodb:Query"))
                .resources(List.of(props.storage().table().getTableArn() + "/index/gsi2"))
                .build());
        Map<String, String> environment = new LinkedHashMap<>(signIn);
        environment.put(TABLE_NAME, props.storage().table().getTableName());
        environment.put(PIPELINE_CONFIG, props.config().pipeline().yaml());
        return new JavaFunction(this, "Pages", new JavaFunction.Props(PagesHandler.class, 1024, Duration.seconds(10),
                role, environment, props.code(), props.logRetention()));
    }
}
