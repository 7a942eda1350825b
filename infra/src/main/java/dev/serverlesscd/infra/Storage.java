package dev.serverlesscd.infra;

import static dev.serverlesscd.infra.Nag.suppression;

import dev.serverlesscd.infra.config.InfraConfig;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.ecr.ImageTagMutabilityExclusionFilter;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryEncryption;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.ecr.TagStatus;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.amazon.awscdk.services.ses.Identity;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * State and storage: the table, the reports bucket, the image repository, the four secrets, the SES identities, the
 * alarm topic and the queue of failed asynchronous invocations. The table, the bucket, the repository and the
 * secrets are retained when the stack is deleted.
 */
final class Storage extends Construct {

    /** @param config the validated configuration: stack name, sender, approvers (SES sandbox), alarm address */
    record Props(InfraConfig config) {
    }

    /** Where this construct builds its resources: see docs/architecture.md, "The CDK app". */
    private final Stack stack;
    private final InfraConfig config;
    private final Table table;
    private final Bucket reportsBucket;
    private final Repository imageRepository;
    private final Secret webhookSecret;
    private final Secret githubTokenSecret;
    private final Secret githubAppPrivateKey;
    private final Secret linkSigningKey;
    private final Secret sourceCredential;
    private final List<String> mailIdentityArns;
    private final Topic alarmTopic;
    private final Queue asyncFailures;

    Storage(Construct scope, String id, Props props) {
        super(scope, id);
        this.stack = Stack.of(this);
        this.config = props.config();
        table = createTable();
        reportsBucket = createReportsBucket();
        imageRepository = createImageRepository();
        webhookSecret = secret("WebhookSecret", "webhook-secret",
                "HMAC secret GitHub signs webhook deliveries with (X-Hub-Signature-256). Paste it into the webhook.",
                null);
        githubTokenSecret = secret("GitHubTokenSecret", "github-token",
                "GitHub token the functions post commit statuses with. Replace the generated value with a token "
                        + "that has Commit statuses: read and write.", null);
        githubAppPrivateKey = config.githubApp() ? secret("GitHubAppPrivateKey", "github-app-private-key",
                "Private key (PEM) of GitHub App " + config.githubAppId() + ", which the functions call GitHub as. "
                        + "Replace the generated value with the key downloaded from the app's settings.", null) : null;
        linkSigningKey = secret("LinkSigningKey", "link-signing-key",
                "Key that signs the approval links mailed to approvers.", null);
        sourceCredential = secret("SourceCredentialSecret", "codebuild-source-credential",
                "GitHub token CodeBuild clones with, in CodeBuild's format. Replace Token with a token that has "
                        + "Contents: read-only.", "{\"ServerType\":\"GITHUB\",\"AuthType\":\"PERSONAL_ACCESS_TOKEN\"}");
        mailIdentityArns = mailIdentities();
        alarmTopic = createAlarmTopic();
        asyncFailures = createAsyncFailureQueue();
        suppressNagFindings();
    }

    /** Runs, stages, approvals, deployments and environment locks: one table, two indexes (gsi1; gsi2: runs per repository). */
    Table table() {
        return table;
    }

    /** Reports of the check builds, under runs/&lt;runId&gt;/&lt;stage&gt;/. */
    Bucket reportsBucket() {
        return reportsBucket;
    }

    Repository imageRepository() {
        return imageRepository;
    }

    Secret webhookSecret() {
        return webhookSecret;
    }

    Secret githubTokenSecret() {
        return githubTokenSecret;
    }

    /** The GitHub App's private key, when the deployment names an app ({@code githubAppId}). */
    java.util.Optional<Secret> githubAppPrivateKey() {
        return java.util.Optional.ofNullable(githubAppPrivateKey);
    }

    Secret linkSigningKey() {
        return linkSigningKey;
    }

    /** The GitHub token CodeBuild clones with. */
    Secret sourceCredential() {
        return sourceCredential;
    }

    /** The SES identities a function that mails may send as and to. */
    List<String> mailIdentityArns() {
        return mailIdentityArns;
    }

    Topic alarmTopic() {
        return alarmTopic;
    }

    /** Where asynchronous invocations that fail every retry end up (alarmed). */
    Queue asyncFailures() {
        return asyncFailures;
    }

    // ---------------------------------------------------------------- factories

    private Table createTable() {
        Table runs = Table.Builder.create(stack, "Table")
                .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("sk").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .timeToLiveAttribute("expiresAt")
                .encryption(TableEncryption.AWS_MANAGED)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        runs.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName("gsi1")
                .partitionKey(Attribute.builder().name("gsi1pk").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("gsi1sk").type(AttributeType.STRING).build())
                .build());
        runs.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName("gsi2")
                .partitionKey(Attribute.builder().name("gsi2pk").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("gsi2sk").type(AttributeType.STRING).build())
                .build());
        return runs;
    }

    /** Reports of the check builds, under runs/&lt;runId&gt;/&lt;stage&gt;/, kept 90 days. */
    private Bucket createReportsBucket() {
        return Bucket.Builder.create(stack, "ReportsBucket")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .versioned(false)
                .lifecycleRules(List.of(software.amazon.awscdk.services.s3.LifecycleRule.builder()
                        .id("expire-run-reports").prefix("runs/").expiration(Duration.days(90)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /**
     * Images by commit sha: immutable, scanned on push. Branch tags ({@code branch-*}) are the one mutable
     * exception, because they move by design.
     */
    private Repository createImageRepository() {
        return Repository.Builder.create(stack, "ImageRepository")
                .imageScanOnPush(true)
                .imageTagMutability(TagMutability.IMMUTABLE_WITH_EXCLUSION)
                .imageTagMutabilityExclusionFilters(List.of(ImageTagMutabilityExclusionFilter.wildcard("branch-*")))
                .encryption(RepositoryEncryption.AES_256)
                .lifecycleRules(List.of(
                        LifecycleRule.builder().rulePriority(1).description("untagged layers of failed pushes")
                                .tagStatus(TagStatus.UNTAGGED).maxImageAge(Duration.days(7)).build(),
                        LifecycleRule.builder().rulePriority(2)
                                .description("keep the newest 300 images: rollback targets stay, the rest expire")
                                .tagStatus(TagStatus.ANY).maxImageCount(300).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /** A generated secret named {@code <stack>/<name>}; with a JSON template, a CodeBuild source credential. */
    private Secret secret(String id, String name, String description, String jsonTemplate) {
        SecretStringGenerator.Builder generator = SecretStringGenerator.builder()
                .passwordLength(64).excludePunctuation(true);
        if (jsonTemplate != null) {
            generator.secretStringTemplate(jsonTemplate).generateStringKey("Token");
        }
        Secret secret = Secret.Builder.create(stack, id)
                .secretName(config.stackName() + "/" + name)
                .description(description)
                .generateSecretString(generator.build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        if (jsonTemplate != null) {
            // CodeBuild uses a Secrets Manager secret as source credential only with these tags.
            Tags.of(secret).add("codebuild:source", "");
            Tags.of(secret).add("codebuild:source:type", "personal_access_token");
            Tags.of(secret).add("codebuild:source:provider", "github");
        }
        return secret;
    }

    /**
     * The sender identity; while SES is in the sandbox, every approver's address too (SES then only delivers to
     * verified addresses, and authorizes SendEmail against the recipient identities as well).
     */
    private List<String> mailIdentities() {
        List<String> arns = new ArrayList<>();
        arns.add(EmailIdentity.Builder.create(stack, "SenderIdentity")
                .identity(Identity.email(config.senderEmail())).build().getEmailIdentityArn());
        if (config.sesSandbox()) {
            int i = 0;
            for (String approver : config.pipeline().config().approvers()) {
                if (!approver.equalsIgnoreCase(config.senderEmail())) {
                    arns.add(EmailIdentity.Builder.create(stack, "ApproverIdentity" + (++i))
                            .identity(Identity.email(approver)).build().getEmailIdentityArn());
                }
            }
        }
        return List.copyOf(arns);
    }

    private Topic createAlarmTopic() {
        Topic topic = Topic.Builder.create(stack, "AlarmTopic")
                .displayName(config.stackName() + " alarms")
                .enforceSsl(true)
                .build();
        topic.addSubscription(new EmailSubscription(config.alarmEmail()));
        return topic;
    }

    private Queue createAsyncFailureQueue() {
        return Queue.Builder.create(stack, "AsyncFailures")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
    }

    // ---------------------------------------------------------------- cdk-nag

    private void suppressNagFindings() {
        java.util.stream.Stream.of(webhookSecret, githubTokenSecret, sourceCredential, githubAppPrivateKey)
                .filter(java.util.Objects::nonNull).forEach(secret ->
                NagSuppressions.addResourceSuppressions(secret, List.of(suppression("AwsSolutions-SMG4",
                        "The value is issued outside AWS (a GitHub webhook secret, token or app key), so Secrets Manager "
                                + "cannot rotate it; docs/deploy.md describes rotating it by hand."))));
        NagSuppressions.addResourceSuppressions(linkSigningKey, List.of(suppression("AwsSolutions-SMG4",
                "Rotating the signing key invalidates every approval link in flight; it is rotated by hand between "
                        + "runs (docs/deploy.md) instead of on a schedule.")));
        NagSuppressions.addResourceSuppressions(reportsBucket, List.of(suppression("AwsSolutions-S1",
                "Build reports only, written by CodeBuild and read by the gate under their own roles; CloudTrail "
                        + "records the API calls. A second bucket for access logs would hold more than this one.")));
        NagSuppressions.addResourceSuppressions(asyncFailures, List.of(suppression("AwsSolutions-SQS3",
                "This queue is itself the dead-letter destination of the asynchronous invocations.")));
    }
}
