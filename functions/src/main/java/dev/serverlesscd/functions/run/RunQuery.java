package dev.serverlesscd.functions.run;

/**
 * Which runs a listing shows: each filter null for "any". A repository is read from its own index (gsi2); ref and
 * status filter the index's pages (a DynamoDB filter expression on a query, never a scan).
 */
public record RunQuery(String repository, String ref, RunStatus status) {
    public static final RunQuery ALL = new RunQuery(null, null, null);

    public RunQuery {
        repository = blankToNull(repository);
        ref = blankToNull(ref);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
