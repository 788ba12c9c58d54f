package io.restoredrill.aws.plan;

import io.restoredrill.core.deployment.FunctionEnvironment;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Defaults for fields the execution input leaves out, read from the Lambda's environment (set by
 * the CDK stack): {@code SOURCE_REGION}, {@code RECOVERY_REGION} (else {@code AWS_REGION}),
 * {@code RESTORE_INSTANCE_CLASS}, {@code RESTORE_SUBNET_GROUP}, {@code RESTORE_SECURITY_GROUP_IDS}
 * (comma-separated), {@code RECOVERY_KMS_KEY_ID},
 * {@code RECOVERY_VAULT} (the AWS Backup vault in the recovery region), {@code PHASE_BUDGETS}
 * ({@code verify=10m,restore=45m}: the phase budgets of an input that names none), {@code RTO_BUDGET}, {@code DRILL_TTL}.
 */
public record DrillDefaults(String sourceRegion, String recoveryRegion, String instanceClass, String subnetGroup,
                            List<String> securityGroupIds, String kmsKeyId, String recoveryVault, String rto, Map<String, String> phaseBudgets,
                            String ttl) {

    public static final String DEFAULT_INSTANCE_CLASS = "db.t4g.medium";
    public static final String DEFAULT_RTO = "1h";
    public static final String DEFAULT_TTL = "12h";

    /** {@code verify=10m,restore=45m} as a map; malformed pairs are left to {@code Budgets.parse} to name. */
    private static Map<String, String> phaseBudgets(String text) {
        Map<String, String> budgets = new java.util.LinkedHashMap<>();
        if (text != null) {
            for (String pair : text.split(",")) {
                if (!pair.isBlank()) {
                    String[] parts = pair.split("=", 2);
                    budgets.put(parts[0].trim(), parts.length > 1 ? parts[1].trim() : "");
                }
            }
        }
        return Map.copyOf(budgets);
    }

    public static DrillDefaults fromEnvironment(Map<String, String> env) {
        String recovery = env.getOrDefault(FunctionEnvironment.RECOVERY_REGION, env.get("AWS_REGION"));
        String groups = env.get(FunctionEnvironment.RESTORE_SECURITY_GROUP_IDS);
        return new DrillDefaults(env.get(FunctionEnvironment.SOURCE_REGION), recovery,
                env.getOrDefault(FunctionEnvironment.RESTORE_INSTANCE_CLASS, DEFAULT_INSTANCE_CLASS), env.get(FunctionEnvironment.RESTORE_SUBNET_GROUP),
                groups == null || groups.isBlank() ? List.of()
                        : Arrays.stream(groups.split(",")).map(String::trim).filter(g -> !g.isEmpty()).toList(),
                env.get(FunctionEnvironment.RECOVERY_KMS_KEY_ID), env.get(FunctionEnvironment.RECOVERY_VAULT), env.getOrDefault(FunctionEnvironment.RTO_BUDGET, DEFAULT_RTO),
                phaseBudgets(env.get(FunctionEnvironment.PHASE_BUDGETS)),
                env.getOrDefault(FunctionEnvironment.DRILL_TTL, DEFAULT_TTL));
    }
}
