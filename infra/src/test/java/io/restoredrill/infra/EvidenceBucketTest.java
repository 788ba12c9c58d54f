package io.restoredrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * Reports are tamper-evident. GIVEN the example's recovery stack, THEN the evidence bucket the
 * Verify and Publish functions write to is versioned, has Object Lock in COMPLIANCE mode with the
 * configured default retention, is KMS-encrypted, refuses plain HTTP and TLS below 1.2, blocks all
 * public access and is access-logged; it is kept when the stack is deleted.
 */
class EvidenceBucketTest {

    private static final Template RECOVERY = Synthesized.example().recovery();

    @Test
    void objectLockInComplianceModeWithTheConfiguredRetention() {
        Map<String, Object> bucket = evidence();
        assertThat(bucket).containsEntry("ObjectLockEnabled", true);
        assertThat(Cfn.map(bucket.get("ObjectLockConfiguration"))).isEqualTo(Map.of("ObjectLockEnabled", "Enabled",
                "Rule", Map.of("DefaultRetention", Map.of("Mode", "COMPLIANCE", "Days", 400))));
        assertThat(Cfn.map(bucket.get("VersioningConfiguration"))).containsEntry("Status", "Enabled");
        assertThat(RECOVERY.findResources("AWS::S3::Bucket").get(evidenceId())).containsEntry("DeletionPolicy", "Retain");
    }

    @Test
    void encryptedPrivateAndAccessLogged() {
        Map<String, Object> bucket = evidence();
        Map<String, Object> sse = Cfn.map(Cfn.map(Cfn.list(Cfn.map(bucket.get("BucketEncryption"))
                .get("ServerSideEncryptionConfiguration")).get(0)).get("ServerSideEncryptionByDefault"));
        assertThat(sse).containsEntry("SSEAlgorithm", "aws:kms");
        assertThat(RECOVERY.findResources("AWS::KMS::Key")).containsKey(Cfn.target(sse.get("KMSMasterKeyID")));
        assertThat(Cfn.map(bucket.get("PublicAccessBlockConfiguration"))).isEqualTo(Map.of("BlockPublicAcls", true,
                "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true));
        assertThat(Cfn.map(bucket.get("LoggingConfiguration"))).containsKey("DestinationBucketName");
    }

    @Test
    void onlyTlsOneTwoOrNewerIsAccepted() {
        List<Map<String, Object>> denies = Cfn.properties(RECOVERY, "AWS::S3::BucketPolicy").values().stream()
                .filter(policy -> evidenceId().equals(Cfn.target(policy.get("Bucket"))))
                .flatMap(policy -> Cfn.list(Cfn.map(policy.get("PolicyDocument")).get("Statement")).stream())
                .map(Cfn::map)
                .filter(s -> "Deny".equals(s.get("Effect")))
                .toList();
        assertThat(denies).anySatisfy(s -> assertThat(Cfn.map(s.get("Condition")))
                .isEqualTo(Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
        assertThat(denies).anySatisfy(s -> assertThat(Cfn.map(s.get("Condition")))
                .isEqualTo(Map.of("NumericLessThan", Map.of("s3:TlsVersion", 1.2))));
    }

    @Test
    void verifyAndPublishAreToldTheEvidenceBucket() {
        for (Task task : List.of(Task.VERIFY, Task.PUBLISH)) {
            assertThat(Cfn.target(Functions.environment(RECOVERY, task).get("EVIDENCE_BUCKET"))).isEqualTo(evidenceId());
        }
    }

    private static String evidenceId() {
        return Cfn.properties(RECOVERY, "AWS::S3::Bucket").entrySet().stream()
                .filter(e -> e.getValue().containsKey("ObjectLockConfiguration"))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no Object Lock bucket"));
    }

    private static Map<String, Object> evidence() {
        return Cfn.properties(RECOVERY, "AWS::S3::Bucket").get(evidenceId());
    }
}
