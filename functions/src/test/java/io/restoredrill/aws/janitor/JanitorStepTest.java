package io.restoredrill.aws.janitor;

import static io.restoredrill.aws.janitor.DrillWorld.EXPIRED;
import static io.restoredrill.aws.janitor.DrillWorld.NOT_YET;
import static io.restoredrill.aws.janitor.DrillWorld.NOW;
import static io.restoredrill.aws.janitor.DrillWorld.RECOVERY;
import static io.restoredrill.aws.janitor.DrillWorld.SOURCE;
import static io.restoredrill.aws.janitor.DrillWorld.drillTags;
import static io.restoredrill.aws.janitor.DrillWorld.drillTagsExpiring;
import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.aws.janitor.JanitorResult.Removed;
import io.restoredrill.aws.janitor.JanitorResult.Skipped;
import io.restoredrill.aws.drill.DrillTags;
import io.restoredrill.aws.testing.DeployedRoles;
import io.restoredrill.aws.testing.DeployedRoles.Deployment;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.aws.testing.RequestRecorder;
import io.restoredrill.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;

/**
 * The Janitor on moto, two regions. moto returns TagList in DescribeDBInstances, DescribeDBClusters,
 * DescribeDBSnapshots and DescribeDBClusterSnapshots (as AWS does) and honours ListSecrets' tag-key
 * filter, so those are exercised as in production. moto deletes at once, so a resource "deleting"
 * is shown to the Janitor by rewriting the describe answer in an interceptor.
 */
class JanitorStepTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String D1 = "20261122-040000-3fa9c2";
    private static final String D2 = "20261122-050000-77aa01";
    private static final String D3 = "20261123-030000-beef01";
    private static final String D1_NAME = "drill-shop-prod-" + D1;
    private static final String D2_NAME = "drill-orders-" + D2;
    private static final String D1_SECRET = "restore-drill/shop-prod/" + D1;
    /** What this module's tests log, as the Lambda runtime would (log4j2-test.xml). */
    private static final Path CAPTURED_LOG = Path.of("target", "test-logs", "functions.jsonl");
    private static final String NOT_DRILL_NAMED = "It is tagged restore-drill:managed=true but is not named drill-*:"
            + " not created by a drill; left alone.";

    private final MotoRds setup = new MotoRds(MOTO);
    private final DrillWorld world = new DrillWorld(setup);
    private final RequestRecorder recorder = new RequestRecorder();
    private DeployedRoles roles;

    @AfterEach
    void close() {
        setup.close();
        if (roles != null) {
            roles.assertNothingDenied();
        }
    }

    /** The Janitor as deployed: its role's credentials and policy (moto enforces IAM from its first run on). */
    private JanitorResult janitor(ExecutionInterceptor... rewrites) {
        ExecutionInterceptor[] interceptors = new ExecutionInterceptor[rewrites.length + 1];
        interceptors[0] = recorder;
        System.arraycopy(rewrites, 0, interceptors, 1, rewrites.length);
        if (roles == null) {
            roles = DeployedRoles.enforce(MOTO, Deployment.of(SOURCE, RECOVERY, "arn:aws:kms:eu-west-1:123456789012:key/any"));
        }
        try (MotoRds clients = new MotoRds(MOTO, interceptors)) {
            MotoRds janitor = clients.as(roles, "Janitor");
            return new JanitorStep(janitor, janitor.secrets(), CLOCK).sweep(List.of(SOURCE, RECOVERY), RECOVERY);
        }
    }

    /** Two finished drills' leftovers, one drill still within its TTL, and what no drill made. */
    private String givenTheLeftoversOfTwoDrillsAndBystanders() {
        List<Tag> d1 = drillTags(D1, "shop-prod", EXPIRED);
        List<Tag> d2 = drillTags(D2, "orders", EXPIRED);
        // source region: the sources, drill D1's snapshot, drill D2's cluster snapshot, and a team's own
        // snapshot that carries an expiry tag but not restore-drill:managed
        setup.createPostgresInstance(SOURCE, "shop-prod");
        world.auroraCluster(SOURCE, "orders", List.of());
        String snapshot = world.snapshot(SOURCE, D1_NAME, "shop-prod", d1);
        world.clusterSnapshot(SOURCE, D2_NAME, "orders", d2);
        world.snapshot(SOURCE, "nightly-manual", "shop-prod", List.of(
                Tag.builder().key(DrillTags.EXPIRES_AT).value(EXPIRED.toString()).build(),
                Tag.builder().key("team").value("dba").build()));
        // recovery region: D1's copy, restored instance and secret; D2's restored Aurora cluster and writer
        String copy = world.copy(snapshot, D1_NAME + "-copy", setup.createKmsKey(RECOVERY), d1);
        world.restored(D1_NAME, copy, d1);
        String secretArn = world.secret(RECOVERY, D1_SECRET, d1);
        world.auroraCluster(RECOVERY, D2_NAME, d2);
        world.auroraInstance(RECOVERY, D2_NAME, D2_NAME + "-writer", d2);
        // a drill still running, a database no drill made, a drill resource whose expiry was hand-edited badly
        world.instance(RECOVERY, "drill-shop-prod-" + D3, drillTags(D3, "shop-prod", NOT_YET));
        world.instance(RECOVERY, "reporting", List.of());
        world.instance(RECOVERY, "drill-legacy-1", drillTagsExpiring("legacy-1", "next tuesday"));
        world.secret(RECOVERY, "app/reporting-db", List.of());
        return secretArn;
    }

    @Test
    void removesExactlyTheExpiredDrillResourcesInEveryRegionAndASecondRunRemovesNothing() {
        // GIVEN
        String secretArn = givenTheLeftoversOfTwoDrillsAndBystanders();

        // WHEN the Janitor runs
        JanitorResult result = janitor();

        // THEN it reports the expired drill resources as removed, and the malformed one as skipped with the reason
        assertThat(result.removed()).containsExactlyInAnyOrder(
                new Removed(SOURCE, "snapshot", D1_NAME, D1, EXPIRED),
                new Removed(SOURCE, "cluster snapshot", D2_NAME, D2, EXPIRED),
                new Removed(RECOVERY, "instance", D1_NAME, D1, EXPIRED),
                new Removed(RECOVERY, "instance", D2_NAME + "-writer", D2, EXPIRED),
                new Removed(RECOVERY, "cluster", D2_NAME, D2, EXPIRED),
                new Removed(RECOVERY, "snapshot", D1_NAME + "-copy", D1, EXPIRED),
                new Removed(RECOVERY, "secret", D1_SECRET, D1, EXPIRED));
        assertThat(result.skipped()).containsExactly(new Skipped(RECOVERY, "instance", "drill-legacy-1",
                "restore-drill:expires-at 'next tuesday' is not an ISO instant such as 2026-11-22T16:00:00Z;"
                        + " fix the tag or delete it by hand."));

        // AND exactly these deletes were sent, with the Cleanup semantics (no final snapshot, no backups kept,
        // no recovery window). The writer's delete came before its cluster's: moto, like AWS, refuses to delete
        // a cluster whose instances are not being deleted, so the cluster's removal proves the order.
        assertThat(recorder.sent(DeleteDbInstanceRequest.class)).containsExactlyInAnyOrder(
                DeleteDbInstanceRequest.builder().dbInstanceIdentifier(D1_NAME).skipFinalSnapshot(true)
                        .deleteAutomatedBackups(true).build(),
                DeleteDbInstanceRequest.builder().dbInstanceIdentifier(D2_NAME + "-writer").skipFinalSnapshot(true)
                        .deleteAutomatedBackups(true).build());
        assertThat(recorder.sent(DeleteDbClusterRequest.class)).containsExactly(
                DeleteDbClusterRequest.builder().dbClusterIdentifier(D2_NAME).skipFinalSnapshot(true)
                        .deleteAutomatedBackups(true).build());
        assertThat(recorder.sent(DeleteDbSnapshotRequest.class)).containsExactlyInAnyOrder(
                DeleteDbSnapshotRequest.builder().dbSnapshotIdentifier(D1_NAME).build(),
                DeleteDbSnapshotRequest.builder().dbSnapshotIdentifier(D1_NAME + "-copy").build());
        assertThat(recorder.sent(DeleteDbClusterSnapshotRequest.class)).containsExactly(
                DeleteDbClusterSnapshotRequest.builder().dbClusterSnapshotIdentifier(D2_NAME).build());
        assertThat(recorder.sent(DeleteSecretRequest.class)).containsExactly(
                DeleteSecretRequest.builder().secretId(secretArn).forceDeleteWithoutRecovery(true).build());
        assertThat(recorder.sent(ListSecretsRequest.class)).allSatisfy(list -> assertThat(list.filters()).containsExactly(
                Filter.builder().key(FilterNameStringType.TAG_KEY).values(DrillTags.MANAGED).build()));

        // AND on moto only the bystanders are left
        assertThat(world.instances(SOURCE)).containsExactly("shop-prod");
        assertThat(world.clusters(SOURCE)).containsExactly("orders");
        assertThat(world.manualSnapshots(SOURCE)).containsExactly("nightly-manual");
        assertThat(world.manualClusterSnapshots(SOURCE)).isEmpty();
        assertThat(world.instances(RECOVERY)).containsExactly("drill-legacy-1", "drill-shop-prod-" + D3, "reporting");
        assertThat(world.clusters(RECOVERY)).isEmpty();
        assertThat(world.manualSnapshots(RECOVERY)).isEmpty();
        assertThat(world.secrets(RECOVERY)).containsExactly("app/reporting-db");

        // WHEN it runs again THEN it removes nothing and sends no delete, and still reports the malformed one
        int deletesBefore = deletes();
        JanitorResult second = janitor();
        assertThat(second.removed()).isEmpty();
        assertThat(second.skipped()).isEqualTo(result.skipped());
        assertThat(deletes()).isEqualTo(deletesBefore);
    }

    @Test
    void aResourceAlreadyBeingDeletedIsReportedAsGoingAndNotDeletedAgain() {
        // GIVEN an expired drill instance that AWS reports as "deleting" (moto deletes at once, so the
        // describe answer is rewritten)
        world.instance(RECOVERY, D1_NAME, drillTags(D1, "shop-prod", EXPIRED));

        // WHEN the Janitor runs
        JanitorResult result = janitor(rewriteInstances(i -> i.dbInstanceIdentifier().equals(D1_NAME)
                ? i.toBuilder().dbInstanceStatus("deleting").build() : i));

        // THEN it sends no delete and says the instance is already going
        assertThat(recorder.sent(DeleteDbInstanceRequest.class)).isEmpty();
        assertThat(result.removed()).isEmpty();
        assertThat(result.skipped()).containsExactly(new Skipped(RECOVERY, "instance", D1_NAME,
                "It expired at 2026-11-22T16:00:00Z and is already being deleted."));
    }

    @Test
    void anExpiredDrillClusterWithAnInstanceNoDrillMadeIsLeftWhole() {
        // GIVEN an expired drill cluster to which someone added an instance of their own
        world.auroraCluster(RECOVERY, D2_NAME, drillTags(D2, "orders", EXPIRED));
        world.auroraInstance(RECOVERY, D2_NAME, D2_NAME + "-writer", drillTags(D2, "orders", EXPIRED));
        world.auroraInstance(RECOVERY, D2_NAME, "analytics-reader", List.of());

        // WHEN the Janitor runs
        JanitorResult result = janitor();

        // THEN the drill's writer goes, but the cluster and the foreign instance stay, and the cluster is reported
        assertThat(result.removed()).containsExactly(new Removed(RECOVERY, "instance", D2_NAME + "-writer", D2, EXPIRED));
        assertThat(result.skipped()).containsExactly(new Skipped(RECOVERY, "cluster", D2_NAME,
                "It still has instances that are not expired drill instances (analytics-reader);"
                        + " the Janitor deletes the cluster once they are gone."));
        assertThat(recorder.sent(DeleteDbClusterRequest.class)).isEmpty();
        assertThat(world.clusters(RECOVERY)).containsExactly(D2_NAME);
        assertThat(world.instances(RECOVERY)).containsExactly("analytics-reader");
    }

    @Test
    void aDeleteAwsRefusesForTheResourcesStateIsReportedAndTheRestGoesOn() {
        // GIVEN an expired drill cluster whose live member the describe answer hides, so the Janitor tries the
        // delete and moto refuses it as AWS would (InvalidDBClusterStateFault), and an expired drill secret
        world.auroraCluster(RECOVERY, D2_NAME, drillTags(D2, "orders", EXPIRED));
        world.auroraInstance(RECOVERY, D2_NAME, "analytics-reader", List.of());
        world.secret(RECOVERY, D1_SECRET, drillTags(D1, "shop-prod", EXPIRED));

        // WHEN the Janitor runs
        JanitorResult result = janitor(rewriteClusters(c -> c.toBuilder().dbClusterMembers(List.of()).build()));

        // THEN the cluster is reported with AWS's reason and stays; the secret is still removed
        assertThat(result.skipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.kind()).isEqualTo("cluster");
            assertThat(skipped.reason()).startsWith("It expired at 2026-11-22T16:00:00Z but AWS refused the delete")
                    .endsWith("; the next Janitor run tries again.");
        });
        assertThat(result.removed()).containsExactly(new Removed(RECOVERY, "secret", D1_SECRET, D1, EXPIRED));
        assertThat(world.clusters(RECOVERY)).containsExactly(D2_NAME);
    }

    @Test
    void aDrillResourceWithoutAnExpiryIsNeverGuessedAtButReported() {
        // GIVEN a secret tagged as drill-managed but with no expiry tag at all
        world.secret(RECOVERY, "restore-drill/by-hand", List.of(Tag.builder().key(DrillTags.MANAGED).value("true").build()));

        // WHEN the Janitor runs THEN it stays and is reported
        JanitorResult result = janitor();
        assertThat(result.removed()).isEmpty();
        assertThat(result.skipped()).containsExactly(new Skipped(RECOVERY, "secret", "restore-drill/by-hand",
                "It is tagged restore-drill:managed=true but has no restore-drill:expires-at tag; add one or delete it by hand."));
        assertThat(world.secrets(RECOVERY)).containsExactly("restore-drill/by-hand");
    }

    @Test
    void aProductionDatabaseSomebodyTaggedAsADrillsIsNeverDeletedButReportedOnce() throws IOException {
        // GIVEN production resources that somebody tagged by hand with a drill's expired tags (a mistake, or an
        // attack: anyone allowed to tag can tag), none of them drill-named: the source's snapshot in the source
        // region; in the recovery region a database, an Aurora cluster and its instance, a cluster snapshot and a secret
        List<Tag> handTagged = drillTags(D1, "shop-prod", EXPIRED);
        setup.createPostgresInstance(SOURCE, "shop-prod");
        world.snapshot(SOURCE, "shop-prod-before-migration", "shop-prod", handTagged);
        world.instance(RECOVERY, "shop-prod", handTagged);
        world.auroraCluster(RECOVERY, "orders-prod", handTagged);
        world.auroraInstance(RECOVERY, "orders-prod", "orders-prod-1", handTagged);
        world.clusterSnapshot(RECOVERY, "orders-prod-final", "orders-prod", handTagged);
        world.secret(RECOVERY, "app/shop-prod-db", handTagged);
        long logLinesBefore = capturedLog().size();

        // WHEN the Janitor runs
        JanitorResult result = janitor();

        // THEN it deletes none of them, and reports each, saying why
        assertThat(deletes()).isZero();
        assertThat(result.removed()).isEmpty();
        assertThat(result.skipped()).containsExactlyInAnyOrder(
                new Skipped(SOURCE, "snapshot", "shop-prod-before-migration", NOT_DRILL_NAMED),
                new Skipped(RECOVERY, "instance", "shop-prod", NOT_DRILL_NAMED),
                new Skipped(RECOVERY, "instance", "orders-prod-1", NOT_DRILL_NAMED),
                new Skipped(RECOVERY, "cluster", "orders-prod", NOT_DRILL_NAMED),
                new Skipped(RECOVERY, "cluster snapshot", "orders-prod-final", NOT_DRILL_NAMED),
                new Skipped(RECOVERY, "secret", "app/shop-prod-db",
                        "It is tagged restore-drill:managed=true but is not named restore-drill/*: not created by a drill;"
                                + " left alone."));
        assertThat(world.manualSnapshots(SOURCE)).containsExactly("shop-prod-before-migration");
        assertThat(world.instances(RECOVERY)).containsExactly("orders-prod-1", "shop-prod");
        assertThat(world.clusters(RECOVERY)).containsExactly("orders-prod");
        assertThat(world.manualClusterSnapshots(RECOVERY)).containsExactly("orders-prod-final");
        assertThat(world.secrets(RECOVERY)).containsExactly("app/shop-prod-db");

        // AND each is logged once, as a warning for someone to look at
        List<String> logged = capturedLog().stream().skip(logLinesBefore).toList();
        for (String name : List.of("snapshot shop-prod-before-migration in " + SOURCE, "instance shop-prod in " + RECOVERY,
                "instance orders-prod-1 in " + RECOVERY, "cluster orders-prod in " + RECOVERY,
                "cluster snapshot orders-prod-final in " + RECOVERY, "secret app/shop-prod-db in " + RECOVERY)) {
            assertThat(logged).filteredOn(line -> line.contains("Janitor left " + name + " alone: It is tagged"))
                    .singleElement().satisfies(line -> assertThat(line).contains("\"WARN\""));
        }
    }

    @Test
    void aDrillNamedInstanceInTheSourceRegionIsLeftWhileADrillSnapshotThereIsRemoved() {
        // GIVEN in the source region, drill-named and drill-tagged, all expired: a snapshot (drills make those
        // there), and an instance, an Aurora cluster and a secret (drills never restore or keep secrets there)
        List<Tag> d1 = drillTags(D1, "shop-prod", EXPIRED);
        setup.createPostgresInstance(SOURCE, "shop-prod");
        world.snapshot(SOURCE, D1_NAME, "shop-prod", d1);
        world.instance(SOURCE, D1_NAME, d1);
        world.auroraCluster(SOURCE, D2_NAME, drillTags(D2, "orders", EXPIRED));
        world.secret(SOURCE, D1_SECRET, d1);

        // WHEN the Janitor runs
        JanitorResult result = janitor();

        // THEN only the snapshot is removed; the others stay and are reported with the region as the reason
        assertThat(result.removed()).containsExactly(new Removed(SOURCE, "snapshot", D1_NAME, D1, EXPIRED));
        assertThat(result.skipped()).containsExactlyInAnyOrder(
                new Skipped(SOURCE, "instance", D1_NAME, inTheSourceRegion("instances")),
                new Skipped(SOURCE, "cluster", D2_NAME, inTheSourceRegion("clusters")),
                new Skipped(SOURCE, "secret", D1_SECRET, inTheSourceRegion("secrets")));
        assertThat(recorder.sent(DeleteDbInstanceRequest.class)).isEmpty();
        assertThat(recorder.sent(DeleteDbClusterRequest.class)).isEmpty();
        assertThat(recorder.sent(DeleteSecretRequest.class)).isEmpty();
        assertThat(world.manualSnapshots(SOURCE)).isEmpty();
        assertThat(world.instances(SOURCE)).containsExactly(D1_NAME, "shop-prod");
        assertThat(world.clusters(SOURCE)).containsExactly(D2_NAME);
        assertThat(world.secrets(SOURCE)).containsExactly(D1_SECRET);
    }

    private static String inTheSourceRegion(String kinds) {
        return "It is tagged restore-drill:managed=true but is in " + SOURCE + ", where drills create no " + kinds
                + " (only in the recovery region " + RECOVERY + "): not created by a drill; left alone.";
    }

    private static List<String> capturedLog() throws IOException {
        return Files.exists(CAPTURED_LOG) ? Files.readAllLines(CAPTURED_LOG) : List.of();
    }

    private int deletes() {
        return recorder.sent(DeleteDbInstanceRequest.class).size() + recorder.sent(DeleteDbClusterRequest.class).size()
                + recorder.sent(DeleteDbSnapshotRequest.class).size() + recorder.sent(DeleteDbClusterSnapshotRequest.class).size()
                + recorder.sent(DeleteSecretRequest.class).size();
    }

    private static ExecutionInterceptor rewriteInstances(UnaryOperator<DBInstance> rewrite) {
        return new ExecutionInterceptor() {
            @Override
            public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
                if (context.response() instanceof DescribeDbInstancesResponse described) {
                    return described.toBuilder().dbInstances(described.dbInstances().stream().map(rewrite).toList()).build();
                }
                return context.response();
            }
        };
    }

    private static ExecutionInterceptor rewriteClusters(UnaryOperator<DBCluster> rewrite) {
        return new ExecutionInterceptor() {
            @Override
            public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
                if (context.response() instanceof DescribeDbClustersResponse described) {
                    return described.toBuilder().dbClusters(described.dbClusters().stream().map(rewrite).toList()).build();
                }
                return context.response();
            }
        };
    }
}
