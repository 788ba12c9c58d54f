package io.restoredrill.aws.check;

import java.util.Set;

/**
 * How RDS status words read for a drill: ready, failed for good, or still on the way. A word not
 * listed counts as on the way; the phase's deadline still bounds the wait.
 */
enum ResourceStatus {

    SNAPSHOT(Set.of("available"), Set.of("failed", "error", "deleting", "deleted")),
    DATABASE(Set.of("available"), Set.of("failed", "incompatible-restore", "incompatible-parameters",
            "incompatible-network", "incompatible-option-group", "inaccessible-encryption-credentials",
            "inaccessible-encryption-credentials-recoverable", "restore-error", "storage-full", "deleting",
            "deleted", "stopped", "stopping"));

    private final Set<String> ready;
    private final Set<String> failed;

    ResourceStatus(Set<String> ready, Set<String> failed) {
        this.ready = ready;
        this.failed = failed;
    }

    boolean ready(String status) {
        return status != null && ready.contains(status);
    }

    boolean failed(String status) {
        return status != null && failed.contains(status);
    }
}
