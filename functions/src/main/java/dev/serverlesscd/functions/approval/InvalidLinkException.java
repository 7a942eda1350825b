package dev.serverlesscd.functions.approval;

/** An approval link that cannot be honoured. {@link #problem()} classifies it; the message explains it to a person. */
public class InvalidLinkException extends RuntimeException {

    /** What is wrong with a link. */
    public enum Problem {
        /** A parameter is missing or not in its format. */
        MALFORMED,
        /** The signature does not match: altered, or not issued by this pipeline. */
        FORGED,
        /** Past its expiry time. */
        EXPIRED,
        /** Its approver has decided already: a link decides once. */
        USED,
        /** The approval it names is not stored. */
        UNKNOWN,
        /** The approval has ended; no decision is needed any more. */
        ENDED
    }

    private final Problem problem;

    public InvalidLinkException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
