package io.restoredrill.aws.drill;

/** An Amazon RDS for PostgreSQL instance or an Aurora PostgreSQL cluster. */
public enum SourceKind {
    INSTANCE,
    CLUSTER
}
