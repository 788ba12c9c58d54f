package io.restoredrill.aws.drill;

/**
 * The database a drill protects, as RDS describes it. {@code null} fields were not known (source region down).
 *
 * @param databaseName the database created with the instance or cluster, if any: verified by default
 */
public record SourceRef(String identifier, SourceKind kind, String arn, String engine, String engineVersion,
                        String databaseName) {
}
