package dev.serverlesscd.functions.common;

/**
 * The name of every environment variable the Lambda functions read, one constant each: the CDK stack sets them
 * from these constants and the functions' configuration records read them through {@link Env}, so a name is written
 * once. Variables marked "local" are set by the local runtime instead of an AWS resource.
 */
public final class EnvironmentVariables {

    /** The pipeline's DynamoDB table (runs, stages, approvals, deployments, locks): every function. */
    public static final String TABLE_NAME = "TABLE_NAME";

    /** The ARN of the pipeline state machine the webhook starts runs on. */
    public static final String STATE_MACHINE_ARN = "STATE_MACHINE_ARN";

    /** The ARN of the Secrets Manager secret holding the webhook's HMAC secret (on AWS). */
    public static final String GITHUB_WEBHOOK_SECRET_ARN = "GITHUB_WEBHOOK_SECRET_ARN";

    /** The webhook's HMAC secret itself (local). */
    public static final String GITHUB_WEBHOOK_SECRET = "GITHUB_WEBHOOK_SECRET";

    /** A file holding the webhook's HMAC secret (local). */
    public static final String GITHUB_WEBHOOK_SECRET_FILE = "GITHUB_WEBHOOK_SECRET_FILE";

    /** The pipeline configuration YAML itself (the webhook and the gate, on AWS). */
    public static final String PIPELINE_CONFIG = "PIPELINE_CONFIG";

    /** A path to the pipeline configuration YAML (local), instead of {@link #PIPELINE_CONFIG}. */
    public static final String PIPELINE_CONFIG_FILE = "PIPELINE_CONFIG_FILE";

    /** The S3 bucket of the check builds' reports, read by the gate (on AWS). */
    public static final String REPORTS_BUCKET = "REPORTS_BUCKET";

    /** The directory of the check builds' reports, read by the gate (local), instead of {@link #REPORTS_BUCKET}. */
    public static final String REPORTS_DIR = "REPORTS_DIR";

    /**
     * The name of the ECR repository of the built images; the stack gives it to the gate, which today finds the
     * repository from the image URI instead and does not read this variable.
     */
    public static final String ECR_REPOSITORY = "ECR_REPOSITORY";

    /** The address approval requests and run notifications are sent from (SES identity). */
    public static final String SENDER_EMAIL = "SENDER_EMAIL";

    /** Optional comma-separated addresses Notify tells about every run's outcome. */
    public static final String NOTIFY_EMAILS = "NOTIFY_EMAILS";

    /** The base URL of the approval pages ({@code <api>/approvals}) that approval links point to. */
    public static final String APPROVAL_BASE_URL = "APPROVAL_BASE_URL";

    /** The ARN of the Secrets Manager secret holding the key that signs approval links (on AWS). */
    public static final String LINK_SIGNING_KEY_SECRET_ARN = "LINK_SIGNING_KEY_SECRET_ARN";

    /** The approval-link signing key itself (local), instead of {@link #LINK_SIGNING_KEY_SECRET_ARN}. */
    public static final String LINK_SIGNING_KEY = "LINK_SIGNING_KEY";

    /** Optional ISO-8601 duration an approval waits (PT72H by default, the state machine's TimeoutSeconds). */
    public static final String APPROVAL_TIMEOUT = "APPROVAL_TIMEOUT";

    /** Optional base URL of GitHub's REST API (GitHub Enterprise Server); api.github.com by default. */
    public static final String GITHUB_API_URL = "GITHUB_API_URL";

    /** The ARN of the Secrets Manager secret holding the token commit statuses are posted with (on AWS). */
    public static final String GITHUB_TOKEN_SECRET_ARN = "GITHUB_TOKEN_SECRET_ARN";

    /** The commit-status token itself (local), instead of {@link #GITHUB_TOKEN_SECRET_ARN}. */
    public static final String GITHUB_TOKEN = "GITHUB_TOKEN";

    /** A GitHub App's id: with the two below, the pipeline calls GitHub with the app's installation token. */
    public static final String GITHUB_APP_ID = "GITHUB_APP_ID";

    /** The installation of the GitHub App on the organisation (or account) whose repositories the pipeline serves. */
    public static final String GITHUB_APP_INSTALLATION_ID = "GITHUB_APP_INSTALLATION_ID";

    /** The ARN of the Secrets Manager secret holding the GitHub App's private key, PEM (on AWS). */
    public static final String GITHUB_APP_PRIVATE_KEY_SECRET_ARN = "GITHUB_APP_PRIVATE_KEY_SECRET_ARN";

    /** A file holding the GitHub App's private key, PEM (local), instead of {@link #GITHUB_APP_PRIVATE_KEY_SECRET_ARN}. */
    public static final String GITHUB_APP_PRIVATE_KEY_FILE = "GITHUB_APP_PRIVATE_KEY_FILE";

    /**
     * Optional prefix of the Secrets Manager secrets holding the chat webhooks' URLs (on AWS): channel {@code team}'s
     * URL is secret {@code <prefix>team}; {@code serverless-cd/chat/} by default.
     */
    public static final String CHAT_SECRET_PREFIX = "CHAT_SECRET_PREFIX";

    /** Optional link of a commit status: a base URL the run id is put into ({@code {runId}}) or appended to. */
    public static final String RUN_LINK_BASE_URL = "RUN_LINK_BASE_URL";

    /** Optional most seconds one commit status may take, retries and rate-limit waits included (default 10). */
    public static final String GITHUB_STATUS_BUDGET_SECONDS = "GITHUB_STATUS_BUDGET_SECONDS";

    /** The EKS cluster the deploy functions deploy to (DescribeCluster for its endpoint and CA, an IAM token). */
    public static final String CLUSTER_NAME = "CLUSTER_NAME";

    /** A kubeconfig context the deploy functions use instead of {@link #CLUSTER_NAME} (local). */
    public static final String KUBE_CONTEXT = "KUBE_CONTEXT";

    /** A Kubernetes API server URL the deploy functions use first (local: the embedded API server). */
    public static final String KUBE_MASTER_URL = "KUBE_MASTER_URL";

    /** Optional {@code namespace/deployment=url} pairs, comma-separated: where a Deployment's health check goes. */
    public static final String HEALTH_BASE_URLS = "HEALTH_BASE_URLS";

    /** A directory mail is written to instead of sent through SES (local). */
    public static final String MAIL_OUTBOX_DIR = "MAIL_OUTBOX_DIR";


    /**
     * The pages' sign-in on AWS (see {@code SignInSettings}): the OIDC client the sign-in shell uses (its id; the
     * shell is served only when this is set), the scopes it asks for, the issuer's authorization and token
     * endpoints (or, without them, the issuer whose discovery document names them) and an optional sign-out URL.
     */
    public static final String PAGES_SIGN_IN_CLIENT_ID = "PAGES_SIGN_IN_CLIENT_ID";
    public static final String PAGES_SIGN_IN_SCOPES = "PAGES_SIGN_IN_SCOPES";
    public static final String PAGES_SIGN_IN_AUTHORIZATION_URL = "PAGES_SIGN_IN_AUTHORIZATION_URL";
    public static final String PAGES_SIGN_IN_TOKEN_URL = "PAGES_SIGN_IN_TOKEN_URL";
    public static final String PAGES_SIGN_IN_ISSUER = "PAGES_SIGN_IN_ISSUER";
    public static final String PAGES_SIGN_IN_LOGOUT_URL = "PAGES_SIGN_IN_LOGOUT_URL";

    private EnvironmentVariables() {
    }
}
