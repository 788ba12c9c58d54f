package io.restoredrill.aws.plan;

/** An Amazon RDS for PostgreSQL instance or an Aurora PostgreSQL cluster. */
public enum SourceKind {
    INSTANCE,
    CLUSTER
}
