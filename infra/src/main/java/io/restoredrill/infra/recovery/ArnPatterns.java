package io.restoredrill.infra.recovery;

import io.restoredrill.infra.Names;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Stack;

/** ARNs and ARN patterns of the resources drills read, create and delete, in the two regions. */
record ArnPatterns(String partition, String account, String sourceRegion, String recoveryRegion) {

    static ArnPatterns of(Stack stack, String sourceRegion) {
        return new ArnPatterns(stack.getPartition(), stack.getAccount(), sourceRegion, stack.getRegion());
    }

    List<String> bothRegions() {
        return List.of(sourceRegion, recoveryRegion);
    }

    /** {@code arn:aws:rds:<region>:<account>:<type>:<name>}; type is db, cluster, snapshot, cluster-snapshot, subgrp, og, pg… */
    String rds(String region, String type, String name) {
        return "arn:" + partition + ":rds:" + region + ":" + account + ":" + type + ":" + name;
    }

    List<String> rds(List<String> regions, List<String> types, String name) {
        List<String> arns = new ArrayList<>();
        for (String region : regions) {
            for (String type : types) {
                arns.add(rds(region, type, name));
            }
        }
        return arns;
    }

    /** Everything a drill names {@code drill-…} of these types. */
    List<String> drillOwned(List<String> regions, List<String> types) {
        return rds(regions, types, Names.DRILL_RESOURCE_PREFIX + "*");
    }

    String secret(String region, String name) {
        return "arn:" + partition + ":secretsmanager:" + region + ":" + account + ":secret:" + name;
    }

    /** A drill's secret, {@code restore-drill/<source>/<drillId>}, with the random suffix Secrets Manager adds. */
    String drillSecrets(String region) {
        return secret(region, Names.DRILL_SECRET_PREFIX + "*");
    }

    String kmsKeys(String region) {
        return "arn:" + partition + ":kms:" + region + ":" + account + ":key/*";
    }

    /** A state machine of this stack, by its name (no reference: a function's policy and environment name it). */
    String stateMachine(String name) {
        return "arn:" + partition + ":states:" + recoveryRegion + ":" + account + ":stateMachine:" + name;
    }

    String recoveryVault() {
        return "arn:" + partition + ":backup:" + recoveryRegion + ":" + account + ":backup-vault:" + Names.RECOVERY_VAULT;
    }
}
