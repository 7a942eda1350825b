package dev.serverlesscd.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** Every log group of the stack: the configured retention, and kept when the stack is deleted. */
final class LogGroups {

    private LogGroups() {
    }

    /** A log group CloudFormation names. */
    static LogGroup retained(Construct scope, String id, RetentionDays retention) {
        return LogGroup.Builder.create(scope, id)
                .retention(retention)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /** A log group with a fixed name (the state machines' /aws/vendedlogs/states/... groups). */
    static LogGroup retained(Construct scope, String id, String name, RetentionDays retention) {
        return LogGroup.Builder.create(scope, id)
                .logGroupName(name)
                .retention(retention)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /** The CloudWatch retention of {@code days}; InfraConfig accepts only these. */
    static RetentionDays retention(int days) {
        return RetentionDays.valueOf(switch (days) {
            case 1 -> "ONE_DAY";
            case 3 -> "THREE_DAYS";
            case 5 -> "FIVE_DAYS";
            case 7 -> "ONE_WEEK";
            case 14 -> "TWO_WEEKS";
            case 30 -> "ONE_MONTH";
            case 60 -> "TWO_MONTHS";
            case 90 -> "THREE_MONTHS";
            case 120 -> "FOUR_MONTHS";
            case 150 -> "FIVE_MONTHS";
            case 180 -> "SIX_MONTHS";
            case 365 -> "ONE_YEAR";
            case 400 -> "THIRTEEN_MONTHS";
            case 545 -> "EIGHTEEN_MONTHS";
            case 731 -> "TWO_YEARS";
            case 1096 -> "THREE_YEARS";
            case 1827 -> "FIVE_YEARS";
            case 2192 -> "SIX_YEARS";
            case 2557 -> "SEVEN_YEARS";
            case 2922 -> "EIGHT_YEARS";
            case 3288 -> "NINE_YEARS";
            case 3653 -> "TEN_YEARS";
            default -> throw new IllegalArgumentException(
                    "logRetentionDays " + days + " is not a CloudWatch retention");
        });
    }
}
