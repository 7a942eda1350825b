package dev.serverlesscd.asl.api;

/**
 * An error of the Step Functions API as the service sends it: HTTP 400 (unless stated) with
 * {@code {"__type": "<code>", "message": "<message>"}}. The AWS SDKs map {@link #code()} to their exception classes,
 * e.g. {@code StateMachineDoesNotExist} to {@code StateMachineDoesNotExistException}.
 */
public class SfnApiException extends RuntimeException {
    private final String code;
    private final int httpStatus;

    public SfnApiException(String code, String message) {
        this(code, message, 400);
    }

    public SfnApiException(String code, String message, int httpStatus) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The AWS error code, e.g. {@code ExecutionDoesNotExist}. */
    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    static SfnApiException validation(String message) {
        return new SfnApiException("ValidationException", message);
    }

    /** The message the AWS request validation gives for a field over its length limit. */
    static SfnApiException tooLong(String field, String value, int max) {
        String shown = value.length() > 200 ? "" : "'" + value + "' ";
        return validation("1 validation error detected: Value " + shown + "at '" + field
                + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
    }

    static SfnApiException missing(String field) {
        return validation("1 validation error detected: Value null at '" + field
                + "' failed to satisfy constraint: Member must not be null");
    }
}
