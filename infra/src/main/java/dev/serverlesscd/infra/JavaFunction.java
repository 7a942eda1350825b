package dev.serverlesscd.infra;

import static dev.serverlesscd.infra.Nag.suppression;

import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * One handler of the functions jar: Java 21 on arm64 with SnapStart, JSON logs to a log group of its own that its
 * role may write to, and the {@value #ALIAS_NAME} alias on a published version, which is what every caller uses.
 * Its id names it, and its resources, which it builds in the stack's scope: {@code <id>Logs}, {@code <id>Function}
 * and {@code <id>Alias}.
 */
final class JavaFunction extends Construct {

    public static final String ALIAS_NAME = "live";

    /**
     * @param handler      the handler class below {@code dev.serverlesscd.functions.}, e.g. {@code gate.GateHandler}
     * @param memoryMb     memory (and so CPU)
     * @param timeout      the function's timeout
     * @param role         the role it runs with; gets the statement that writes to the function's log group
     * @param environment  its environment variables (names from {@code EnvironmentVariables})
     * @param code         the functions jar
     * @param logRetention retention of its log group
     */
    record Props(Class<?> handler, int memoryMb, Duration timeout, IRole role, Map<String, String> environment,
                 Code code, RetentionDays logRetention) {
    }

    /** Where this construct builds its resources: see docs/architecture.md, "The CDK app". */
    private final Stack stack;
    private final String name;
    private final Function function;
    private final Alias alias;

    JavaFunction(Construct scope, String id, Props props) {
        super(scope, id);
        this.stack = Stack.of(this);
        this.name = id;
        LogGroup logs = LogGroups.retained(stack, id + "Logs", props.logRetention());
        props.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("WriteLogs" + id)
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());
        function = Function.Builder.create(stack, id + "Function")
                .description("serverless-cd " + id)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(props.handler().getName() + "::handleRequest")
                .code(props.code())
                .memorySize(props.memoryMb())
                .timeout(props.timeout())
                .role(props.role())
                .logGroup(logs)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(props.environment())
                .build();
        // The warning asks for a published version: the alias below publishes one on every code or config change.
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "published by the live alias");
        NagSuppressions.addResourceSuppressions(function, List.of(suppression("AwsSolutions-L1",
                "Java 21 is the team's fixed Lambda runtime (SnapStart, arm64); the code compiles at release 17. "
                        + "Moving to a newer Java runtime is a deliberate upgrade, not a drift to follow "
                        + "automatically.")));
        alias = Alias.Builder.create(stack, id + "Alias")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .build();
    }

    /** The function's name in ids, alarms and the dashboard, e.g. {@code Gate}. */
    String name() {
        return name;
    }

    /** The function itself: metrics and its role. Invoke it through {@link #alias()}. */
    Function function() {
        return function;
    }

    /** The {@value #ALIAS_NAME} alias: what the state machines and the API invoke. */
    Alias alias() {
        return alias;
    }
}
