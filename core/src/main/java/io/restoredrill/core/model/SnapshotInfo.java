package io.restoredrill.core.model;

import java.time.Instant;

/**
 * The backup a drill restored.
 *
 * @param id               dump directory name or snapshot identifier/ARN
 * @param takenAt          when the snapshot's data was frozen (pg_dump start, snapshot create time)
 * @param sizeBytes        bytes copied to the recovery location
 * @param files            files in the snapshot (1 for an RDS snapshot)
 * @param manifestSha256   SHA-256 of the snapshot manifest, or {@code null} where there is none
 * @param recoveryLocation where the copy lives (directory, {@code s3://…}, ARN in the recovery region)
 * @param encrypted        whether the files left the host encrypted
 */
public record SnapshotInfo(
        String id,
        Instant takenAt,
        long sizeBytes,
        int files,
        String manifestSha256,
        String recoveryLocation,
        boolean encrypted) {
}
