package io.restoredrill.aws.drill;

/**
 * The AWS Backup restore job a restore testing plan ran, whose restored database a restore-test drill
 * verifies (docs/restore-testing.md). The drill may change only {@code createdResourceArn} (its master
 * password), adds an instance to it when it is an Aurora cluster, and deletes only what it added: AWS
 * Backup deletes the restored database after the plan's validation window.
 *
 * @param restoreJobId          the job the validation result is answered for
 * @param restoreTestingPlanArn the plan that started the job; one of this deployment's
 * @param createdResourceArn    the RDS instance or Aurora cluster the job restored
 * @param recoveryPointArn      the backup the job restored
 */
public record RestoreTestJob(String restoreJobId, String restoreTestingPlanArn, String createdResourceArn,
                             String recoveryPointArn) {

    /** The restored instance's or cluster's RDS identifier (the ARN's last part; Plan checked its form). */
    public String identifier() {
        return createdResourceArn.substring(createdResourceArn.lastIndexOf(':') + 1);
    }

    /** Whether the job restored an Aurora cluster ({@code :cluster:}) rather than an RDS instance ({@code :db:}). */
    public boolean cluster() {
        return createdResourceArn.contains(":cluster:");
    }
}
