package io.restoredrill.aws.plan;

/** The database a drill protects, as RDS describes it. {@code null} fields were not known (source region down). */
public record SourceRef(String identifier, SourceKind kind, String arn, String engine, String engineVersion) {
}
