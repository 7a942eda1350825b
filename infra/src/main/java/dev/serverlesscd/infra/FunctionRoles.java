package dev.serverlesscd.infra;

import java.util.List;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The functions' roles and the statements they share, written out statement by statement (no grant helper that
 * allows more than a function calls).
 */
final class FunctionRoles {
    static final List<String> TABLE_READ = List.of("dynamodb:GetItem", "dynamodb:Query");
    static final List<String> TABLE_READ_WRITE =
            // ConditionCheckItem: the stores' transactions check an item they do not write (a stage needs its run).
            List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem",
                    "dynamodb:ConditionCheckItem");
    /** The deploy functions and the run recorder also release environment locks (a conditional DeleteItem). */
    static final List<String> TABLE_READ_WRITE_LOCKS =
            List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem",
                    "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem");

    private FunctionRoles() {
    }

    /** {@code <name>Role}, assumed by Lambda, with no statement yet. */
    static Role create(Construct scope, String name, String description) {
        return Role.Builder.create(scope, name + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(description)
                .build();
    }

    /** {@code actions} on the table, and Query on its index gsi1 when they include Query. */
    static void allowTable(IRole role, ITable table, List<String> actions) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("Table")
                .actions(actions)
                .resources(List.of(table.getTableArn()))
                .build());
        if (actions.contains("dynamodb:Query")) {
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("QueryIndex")
                    .actions(List.of("dynamodb:Query"))
                    .resources(List.of(table.getTableArn() + "/index/gsi1"))
                    .build());
        }
    }

    static void allowSecret(IRole role, ISecret secret) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(secret.getSecretArn()))
                .build());
    }

    /** SendEmail as (and, in the SES sandbox, to) the stack's identities. */
    static void allowMail(IRole role, List<String> mailIdentityArns) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("SendMail")
                .actions(List.of("ses:SendEmail"))
                .resources(mailIdentityArns)
                .build());
    }
}
