package io.restoredrill.core.deployment;

import java.util.List;

/** The tags on everything a drill creates; the stacks' IAM conditions allow changes only to what carries them. */
public final class DrillTagKeys {

    public static final String MANAGED = "restore-drill:managed";
    public static final String ID = "restore-drill:id";
    public static final String SOURCE = "restore-drill:source";
    public static final String EXPIRES_AT = "restore-drill:expires-at";

    public static final List<String> ALL = List.of(MANAGED, ID, SOURCE, EXPIRES_AT);

    /**
     * Not ours: AWS Backup tags every resource a restore testing plan restores with this key, and deletes
     * it after the validation window. The validator may change only such a resource, and only the one its
     * restore job created.
     */
    public static final String AWS_BACKUP_RESTORE_TEST = "awsbackup-restore-test";
    /** Not ours either: how AWS Backup names the databases a restore testing plan restores. */
    public static final String AWS_BACKUP_RESTORE_TEST_NAME_PREFIX = "awsbackup-restore-test-";

    private DrillTagKeys() {
    }
}
