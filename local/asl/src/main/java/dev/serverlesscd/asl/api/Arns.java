package dev.serverlesscd.asl.api;

/** Parsing and checking of the ARNs the Step Functions API takes, with the InvalidArn messages AWS gives. */
final class Arns {
    private Arns() {
    }

    /** {@code arn:<partition>:states:<region>:<account>:<resourceType>:<name>[:<name>]} split, or InvalidArn. */
    static String[] parse(String arn, String expectedType, int parts) {
        if (!arn.startsWith("arn:")) {
            throw invalid("Invalid ARN prefix: " + arn);
        }
        String[] p = arn.split(":", -1);
        if (p.length < 6 || !p[2].equals("states")) {
            throw invalid("Invalid ARN service: " + arn);
        }
        if (!p[5].equals(expectedType)) {
            throw invalid("Resource type not valid in this context: " + p[5]);
        }
        if (p.length != parts) {
            throw invalid("Invalid " + expectedType + " ARN: " + arn);
        }
        for (int i = 6; i < p.length; i++) {
            if (p[i].isEmpty() || p[i].length() > 80 || !validName(p[i])) {
                throw invalid("Invalid " + expectedType + " ARN: " + arn);
            }
        }
        return p;
    }

    static void checkRole(String roleArn) {
        if (!roleArn.matches("arn:[a-z-]+:iam::[0-9]{12}:role/.+")) {
            throw invalid("Invalid ARN prefix: " + roleArn + " (a roleArn is arn:aws:iam::<account>:role/<name>)");
        }
    }

    static SfnApiException invalid(String why) {
        return new SfnApiException("InvalidArn", "Invalid Arn: '" + why + "'");
    }

    /**
     * Names of state machines and executions: 1 to 80 characters, none of whitespace, {@code < > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /},
     * or control characters (U+0000-001F, U+007F-009F), as the CreateStateMachine and StartExecution references say.
     */
    static void checkName(String field, String name) {
        if (name.isEmpty()) {
            throw SfnApiException.validation("1 validation error detected: Value '' at '" + field
                    + "' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        if (name.length() > 80) {
            throw SfnApiException.tooLong(field, name, 80);
        }
        if (!validName(name)) {
            throw new SfnApiException("InvalidName", "Invalid Name: '" + name + "'");
        }
    }

    private static boolean validName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c <= 0x1f || (c >= 0x7f && c <= 0x9f)
                    || "<>{}[]?*\"#%\\^|~`$&,;:/".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
