package dev.serverlesscd.infra.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything an infrastructure owner chooses, validated once at synth: the deployment's parameters and the pipeline
 * configuration. The parameters come from a YAML file ({@code configFile} in cdk.json context, default
 * {@code infra/config/deployment.yaml}); any of them can be overridden with {@code cdk synth -c key=value}.
 *
 * @param stackName         CloudFormation stack name
 * @param account           AWS account to pin the stack to, or null for an environment-agnostic stack
 * @param region            AWS region to pin the stack to, or null for an environment-agnostic stack
 * @param clusterName       the existing EKS cluster the pipeline deploys to
 * @param senderEmail       the SES identity approval and notification mail is sent from
 * @param alarmEmail        where CloudWatch alarms are sent (SNS email subscription)
 * @param githubApiUrl      GitHub REST API base URL (https://api.github.com, or a GitHub Enterprise /api/v3 URL)
 * @param logRetentionDays  retention of every log group the stack creates
 * @param apiRateLimit      steady-state requests per second the HTTP API accepts
 * @param apiBurstLimit     burst of requests the HTTP API accepts
 * @param sesSandbox        true while the SES account is in the sandbox: approvers get verification mails too
 * @param pipeline          the validated pipeline configuration, and its YAML as the functions receive it
 * @param pagesOidcIssuer   the organisation's OIDC issuer for the pages, or null for the stack's Cognito user pool
 * @param pagesOidcAudience the audience the pages' tokens must carry with {@code pagesOidcIssuer}
 * @param githubAppId       the GitHub App the functions call GitHub as, or null to call it with the token secret
 * @param githubAppInstallationId the app's installation on the organisation (with {@code githubAppId})
 * @param pagesSignIn       how the pages' sign-in shell signs in with {@code pagesOidcIssuer} (its client, scopes
 *                          and endpoints; all optional), or null for the stack's Cognito user pool
 */
public record InfraConfig(
        String stackName,
        String account,
        String region,
        String clusterName,
        String senderEmail,
        String alarmEmail,
        URI githubApiUrl,
        int logRetentionDays,
        int apiRateLimit,
        int apiBurstLimit,
        boolean sesSandbox,
        PipelineFile pipeline,
        String pagesOidcIssuer,
        String pagesOidcAudience,
        String githubAppId,
        String githubAppInstallationId,
        PagesSignIn pagesSignIn) {

    /**
     * The sign-in shell's client at the organisation's own OIDC issuer: {@code pagesOidcClientId} (a public client
     * with the authorization code flow and PKCE; default the audience), {@code pagesOidcScopes} (default
     * {@code openid}), {@code pagesOidcAuthorizationEndpoint} and {@code pagesOidcTokenEndpoint} (both or neither;
     * neither: read from the issuer's discovery document) and {@code pagesOidcLogoutUrl} (optional: where signing
     * out goes).
     */
    public record PagesSignIn(String clientId, String scopes, String authorizationEndpoint, String tokenEndpoint,
                              String logoutUrl) {
    }

    /** Whether the functions call GitHub as a GitHub App (its private key in a secret) instead of with a token. */
    public boolean githubApp() {
        return githubAppId != null;
    }

    /** Whether the pages' authorizer trusts the organisation's own OIDC issuer instead of the stack's user pool. */
    public boolean pagesUseOwnIssuer() {
        return pagesOidcIssuer != null;
    }

    public static final String CONFIG_FILE_KEY = "configFile";
    public static final String DEFAULT_CONFIG_FILE = "config/deployment.yaml";

    /** The keys of the deployment file; each can also be given as context. */
    public static final Set<String> KEYS = Set.of("stackName", "account", "region", "clusterName", "senderEmail",
            "alarmEmail", "githubApiUrl", "logRetentionDays", "apiRateLimit", "apiBurstLimit", "sesSandbox",
            "pipelineConfigFile", "pagesOidcIssuer", "pagesOidcAudience", "githubAppId", "githubAppInstallationId",
            "pagesOidcClientId", "pagesOidcScopes", "pagesOidcAuthorizationEndpoint", "pagesOidcTokenEndpoint",
            "pagesOidcLogoutUrl");

    /** The values CloudWatch Logs accepts for a retention. */
    public static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static final Pattern STACK_NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9-]{0,127}$");
    private static final Pattern CLUSTER_NAME = Pattern.compile("^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$");
    private static final Pattern ACCOUNT = Pattern.compile("^\\d{12}$");
    private static final Pattern REGION = Pattern.compile("^[a-z]{2}(-[a-z]+)+-\\d$");

    /**
     * Loads the deployment file named by the {@code configFile} context value (relative to {@code infraDir}),
     * applies context overrides, then loads the pipeline file it names (relative to the deployment file).
     */
    public static InfraConfig load(Function<String, Object> context, Path infraDir) {
        Object configFileValue = context.apply(CONFIG_FILE_KEY);
        Path configFile = infraDir.resolve(configFileValue == null ? DEFAULT_CONFIG_FILE : configFileValue.toString())
                .normalize();
        if (!Files.isRegularFile(configFile)) {
            throw new ConfigException(configFile.toString(), List.of(CONFIG_FILE_KEY + ": no file at " + configFile
                    + "; copy infra/config/deployment.yaml, fill it in and pass -c configFile=<path> "
                    + "(relative to infra/)"));
        }
        ObjectNode values;
        try {
            JsonNode root = new YAMLMapper().readTree(Files.readString(configFile));
            values = root instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        } catch (JsonProcessingException e) {
            throw new ConfigException(configFile.toString(), List.of("not valid YAML: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : KEYS) {
            Object override = context.apply(key);
            if (override != null) {
                values.put(key, override.toString());
            }
        }
        return from(values, configFile);
    }

    static InfraConfig from(ObjectNode values, Path configFile) {
        String source = configFile.toString();
        Problems problems = new Problems();
        problems.rejectUnknownFields("", values, KEYS);

        String stackName = text(values, "stackName", "ServerlessCd");
        if (!STACK_NAME.matcher(stackName).matches()) {
            problems.add("stackName", "'" + stackName + "' is not a CloudFormation stack name (letters, digits, '-')");
        }
        String account = text(values, "account", null);
        if (account != null && !ACCOUNT.matcher(account).matches()) {
            problems.add("account", "'" + account + "' is not a 12-digit AWS account id; remove it to synthesize "
                    + "an environment-agnostic stack");
        }
        String region = text(values, "region", null);
        if (region != null && !REGION.matcher(region).matches()) {
            problems.add("region", "'" + region + "' is not an AWS region such as eu-west-1");
        }
        if ((account == null) != (region == null)) {
            problems.add(account == null ? "account" : "region", "set account and region together, or neither");
        }
        String clusterName = problems.requireText("clusterName", values.get("clusterName"),
                "set the name of the EKS cluster the pipeline deploys to");
        if (clusterName != null && !CLUSTER_NAME.matcher(clusterName).matches()) {
            problems.add("clusterName", "'" + clusterName + "' is not an EKS cluster name");
        }
        String senderEmail = problems.requireEmail("senderEmail", values.get("senderEmail"));
        String alarmEmail = problems.requireEmail("alarmEmail", values.get("alarmEmail"));
        URI githubApiUrl = null;
        String githubApi = text(values, "githubApiUrl", "https://api.github.com");
        try {
            githubApiUrl = URI.create(githubApi.replaceAll("/+$", ""));
            if (!"https".equals(githubApiUrl.getScheme()) || githubApiUrl.getHost() == null) {
                problems.add("githubApiUrl", "'" + githubApi + "' must be an https URL such as https://api.github.com "
                        + "or https://github.example.com/api/v3");
            }
        } catch (IllegalArgumentException e) {
            problems.add("githubApiUrl", "'" + githubApi + "' is not a URL: " + e.getMessage());
        }
        Integer retention = problems.optionalInt("logRetentionDays", values.get("logRetentionDays"), 90, 1, 3653);
        if (retention != null && !RETENTION_DAYS.contains(retention)) {
            problems.add("logRetentionDays", retention + " is not a CloudWatch Logs retention; use one of "
                    + RETENTION_DAYS);
        }
        Integer rate = problems.optionalInt("apiRateLimit", values.get("apiRateLimit"), 20, 1, 10_000);
        Integer burst = problems.optionalInt("apiBurstLimit", values.get("apiBurstLimit"), 40, 1, 5_000);
        String sandbox = text(values, "sesSandbox", "true");
        if (!Set.of("true", "false").contains(sandbox)) {
            problems.add("sesSandbox", "'" + sandbox + "' must be true or false");
        }
        String issuer = text(values, "pagesOidcIssuer", null);
        String audience = text(values, "pagesOidcAudience", null);
        if ((issuer == null) != (audience == null)) {
            problems.add(issuer == null ? "pagesOidcIssuer" : "pagesOidcAudience",
                    "pagesOidcIssuer and pagesOidcAudience go together: the pages' authorizer needs both, or neither "
                            + "for the stack's own Cognito user pool");
        } else if (issuer != null && !issuer.startsWith("https://")) {
            problems.add("pagesOidcIssuer", "'" + issuer + "' must be an https:// issuer URL");
        }
        PagesSignIn signIn = pagesSignIn(values, issuer, audience, problems);
        String appId = text(values, "githubAppId", null);
        String installationId = text(values, "githubAppInstallationId", null);
        if ((appId == null) != (installationId == null)) {
            problems.add(appId == null ? "githubAppId" : "githubAppInstallationId",
                    "githubAppId and githubAppInstallationId go together: the functions call GitHub as the app's "
                            + "installation, or, with neither, with the token secret");
        }
        for (String key : List.of("githubAppId", "githubAppInstallationId")) {
            String id = text(values, key, null);
            if (id != null && !id.matches("[1-9][0-9]{0,18}")) {
                problems.add(key, "'" + id + "' must be the number GitHub shows in the app's settings");
            }
        }
        String pipelineFile = problems.requireText("pipelineConfigFile", values.get("pipelineConfigFile"),
                "point it at the pipeline YAML, relative to " + configFile.getParent());
        problems.throwIfAny(source);

        PipelineFile pipeline = PipelineFile.load(configFile.getParent().resolve(pipelineFile).normalize());
        return new InfraConfig(stackName, account, region, clusterName, senderEmail, alarmEmail, githubApiUrl,
                retention, rate, burst, Boolean.parseBoolean(sandbox), pipeline, issuer, audience, appId, installationId,
                signIn);
    }

    /** The sign-in shell's settings with the organisation's issuer; with the stack's user pool, none may be set. */
    private static PagesSignIn pagesSignIn(JsonNode values, String issuer, String audience, Problems problems) {
        List<String> keys = List.of("pagesOidcClientId", "pagesOidcScopes", "pagesOidcAuthorizationEndpoint",
                "pagesOidcTokenEndpoint", "pagesOidcLogoutUrl");
        if (issuer == null) {
            keys.stream().filter(key -> text(values, key, null) != null).forEach(key -> problems.add(key,
                    "only with pagesOidcIssuer: the stack's own user pool sets up its client and endpoints itself"));
            return null;
        }
        String authorization = text(values, "pagesOidcAuthorizationEndpoint", null);
        String token = text(values, "pagesOidcTokenEndpoint", null);
        if ((authorization == null) != (token == null)) {
            problems.add(authorization == null ? "pagesOidcAuthorizationEndpoint" : "pagesOidcTokenEndpoint",
                    "pagesOidcAuthorizationEndpoint and pagesOidcTokenEndpoint go together, or neither to read them "
                            + "from the issuer's discovery document");
        }
        for (String key : List.of("pagesOidcAuthorizationEndpoint", "pagesOidcTokenEndpoint", "pagesOidcLogoutUrl")) {
            String url = text(values, key, null);
            if (url != null && !url.matches("https://[^\\s\"'<>]+")) {
                problems.add(key, "'" + url + "' must be an https:// URL");
            }
        }
        String scopes = text(values, "pagesOidcScopes", "openid");
        if (!scopes.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+( [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*")) {
            problems.add("pagesOidcScopes", "'" + scopes + "' must be OAuth scopes separated by single spaces");
        }
        return new PagesSignIn(text(values, "pagesOidcClientId", audience), scopes, authorization, token,
                text(values, "pagesOidcLogoutUrl", null));
    }

    private static String text(JsonNode values, String key, String fallback) {
        JsonNode node = values.get(key);
        return node == null || node.isNull() || node.asText().isBlank() ? fallback : node.asText().trim();
    }
}
