package io.restoredrill.aws.rds;

import io.restoredrill.core.error.InvalidInputException;

/** Reads the parts of an RDS ARN ({@code arn:aws:rds:<region>:<account>:<type>:<name>}) the steps need. */
public final class Arns {

    private Arns() {
    }

    public static String region(String arn) {
        return part(arn, 3);
    }

    public static String name(String arn) {
        String[] parts = split(arn);
        return String.join(":", java.util.Arrays.copyOfRange(parts, 6, parts.length));
    }

    /**
     * The snapshot type DescribeDBSnapshots needs alongside the identifier: RDS wants it named for
     * automated ({@code rds:…}) and AWS Backup ({@code awsbackup:…}) snapshots; {@code null} for manual ones.
     */
    public static String snapshotType(String arn) {
        String name = name(arn);
        return name.startsWith("rds:") ? "automated" : name.startsWith("awsbackup:") ? "awsbackup" : null;
    }

    public static boolean isClusterSnapshot(String arn) {
        return "cluster-snapshot".equals(part(arn, 5));
    }

    /** Whether the ARN names an Aurora cluster ({@code :cluster:}) rather than a DB instance ({@code :db:}). */
    public static boolean isCluster(String arn) {
        return "cluster".equals(part(arn, 5));
    }

    private static String part(String arn, int index) {
        return split(arn)[index];
    }

    private static String[] split(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":");
        if (parts.length < 7 || !"arn".equals(parts[0]) || !"rds".equals(parts[2])) {
            throw new InvalidInputException("'" + arn + "' is not an RDS ARN.");
        }
        return parts;
    }
}
