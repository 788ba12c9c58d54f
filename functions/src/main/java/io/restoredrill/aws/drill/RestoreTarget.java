package io.restoredrill.aws.drill;

import java.util.List;

/**
 * Where and how the copy is restored in the recovery region: the isolated DB subnet group, the
 * security groups that admit only the verifier, a cheap instance class, and the region's KMS key
 * for the snapshot copy.
 */
public record RestoreTarget(String instanceClass, String subnetGroup, List<String> securityGroupIds, String kmsKeyId) {

    public RestoreTarget {
        securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
    }
}
