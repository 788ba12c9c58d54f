package io.restoredrill.core.model;

/**
 * The database a drill protects.
 *
 * @param name          short name used in drill ids, report paths and the drill log, e.g. {@code demo}
 * @param kind          {@code postgres}, {@code rds-instance} or {@code aurora-cluster}
 * @param location      where it lives, without credentials (a JDBC URL without password, an ARN)
 * @param serverVersion the source server's version, e.g. {@code 15.18}
 */
public record SourceInfo(String name, String kind, String location, String serverVersion) {
}
