package io.restoredrill.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.aws.drill.DrillTags;
import io.restoredrill.aws.rds.RdsTags;
import io.restoredrill.testing.MotoServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The deployed roles refuse what their synthesized policies do not allow, so a call the code should
 * not make fails the test that makes it: by the resource check at the wire ({@link AuthorizedCalls}),
 * and by moto's own IAM enforcement, each proven on its own.
 */
class DeployedRolesTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final String BUCKET = "restore-drill-evidence";
    private final MotoRds aws = new MotoRds(MOTO);

    @AfterEach
    void close() {
        aws.close();
    }

    private DeployedRoles deploy() {
        aws.s3().apply("eu-west-1").createBucket(r -> r.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
        return DeployedRoles.enforce(MOTO, new DeployedRoles.Deployment("eu-central-1", "eu-west-1", BUCKET,
                "arn:aws:kms:eu-west-1:" + DeployedRoles.ACCOUNT + ":key/snapshots",
                "arn:aws:sns:eu-west-1:" + DeployedRoles.ACCOUNT + ":restore-drill"));
    }

    @Test
    void theJanitorsRoleCannotDeleteAProductionDatabaseSomebodyTaggedAsADrills() {
        // GIVEN a production database in the recovery region carrying an expired drill's tags (tagged by hand)
        aws.apply("eu-west-1").createDBInstance(r -> r.dbInstanceIdentifier("shop-prod").engine("postgres")
                .dbInstanceClass("db.t4g.medium").masterUsername("admin").masterUserPassword("not-used-1").allocatedStorage(20)
                .tags(RdsTags.of(Map.of(DrillTags.MANAGED, "true", DrillTags.EXPIRES_AT, "2020-01-01T00:00:00Z"))));
        DeployedRoles roles = deploy();

        // WHEN the Janitor's role tries to delete it
        // THEN AWS would refuse it (not drill-named), and it is still there
        assertThatThrownBy(() -> aws.as(roles, "Janitor").apply("eu-west-1").deleteDBInstance(r -> r
                .dbInstanceIdentifier("shop-prod").skipFinalSnapshot(true)))
                .isInstanceOf(AwsServiceException.class)
                .hasMessageContaining("Janitor is not authorized to perform rds:DeleteDBInstance on"
                        + " arn:aws:rds:eu-west-1:123456789012:db:shop-prod");
        assertThat(aws.apply("eu-west-1").describeDBInstances().dbInstances()).hasSize(1);
        assertThat(roles.denials()).singleElement().asString().contains("rds:DeleteDBInstance");
    }

    @Test
    void verifyMayWriteOnlyVerificationResultsAndPublishOnlyReports() {
        DeployedRoles roles = deploy();

        // Verify writes its result, reads reports, and may not write one
        S3Client verify = aws.as(roles, "Verify").s3().apply("eu-west-1");
        verify.putObject(r -> r.bucket(BUCKET).key("verification/shop-prod/d1.json"), RequestBody.fromString("{}"));
        assertThat(verify.listObjectsV2(r -> r.bucket(BUCKET).prefix("reports/shop-prod/")).contents()).isEmpty();
        assertThatThrownBy(() -> verify.putObject(r -> r.bucket(BUCKET).key("reports/shop-prod/2026/forged.json"),
                RequestBody.fromString("{\"verdict\":\"PASSED\"}")))
                .hasMessageContaining("Verify is not authorized to perform s3:PutObject");
        // Publish writes reports, and may not write a verification result
        S3Client publish = aws.as(roles, "Publish").s3().apply("eu-west-1");
        assertThatThrownBy(() -> publish.putObject(r -> r.bucket(BUCKET).key("verification/shop-prod/d1.json"),
                RequestBody.fromString("{}")))
                .hasMessageContaining("Publish is not authorized to perform s3:PutObject");
        assertThat(roles.denials()).hasSize(2);
    }

    @Test
    void motoItselfEnforcesTheRolesPolicyWithoutTheCheckAtTheWire() {
        DeployedRoles roles = deploy();

        // WHEN Verify's role writes a report with no check of ours in between
        S3Client bare = S3Client.builder().region(Region.EU_WEST_1).endpointOverride(MOTO.endpoint()).forcePathStyle(true)
                .credentialsProvider(roles.credentials("Verify")).build();
        try (bare) {
            assertThatThrownBy(() -> bare.putObject(r -> r.bucket(BUCKET).key("reports/shop-prod/2026/forged.json"),
                    RequestBody.fromString("{}")))
                    .isInstanceOf(AwsServiceException.class)
                    .satisfies(e -> assertThat(((AwsServiceException) e).statusCode()).isEqualTo(403));
            // AND what the role allows, moto allows
            bare.putObject(r -> r.bucket(BUCKET).key("verification/shop-prod/d1.json"), RequestBody.fromString("{}"));
        }
        // AND the test's own calls, signed as the test user, still work
        assertThat(aws.s3().apply("eu-west-1").listObjectsV2(r -> r.bucket(BUCKET)).contents()).hasSize(1);
    }
}
