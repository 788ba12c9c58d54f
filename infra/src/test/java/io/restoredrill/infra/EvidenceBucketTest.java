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
    void onlyVerifyWritesResultsOnlyPublishCreatesReportsAndNobodyDeletes() {
        Map<String, Map<String, Object>> denies = new java.util.HashMap<>();
        bucketPolicyStatements().stream().filter(s -> "Deny".equals(s.get("Effect")) && s.get("Sid") != null)
                .forEach(s -> denies.put((String) s.get("Sid"), s));
        String verifyRole = "<" + Functions.roleId(RECOVERY, Task.VERIFY) + ".Arn>";
        String publishRole = "<" + Functions.roleId(RECOVERY, Task.PUBLISH) + ".Arn>";
        String objects = "<" + evidenceId() + ".Arn>/";

        // nobody deletes an object or a version: a delete marker would hide a report from the chain
        assertThat(Cfn.strings(denies.get("NobodyDeletesEvidence").get("Action")))
                .containsExactlyInAnyOrder("s3:DeleteObject", "s3:DeleteObjectVersion");
        assertThat(Cfn.strings(denies.get("NobodyDeletesEvidence").get("Resource"))).containsExactly(objects + "*");
        assertThat(Cfn.map(denies.get("NobodyDeletesEvidence").get("Principal"))).isEqualTo(Map.of("AWS", "*"));
        // only Verify's role writes verification results; only Publish's role writes reports, and only as a create
        assertThat(writeDenial(denies.get("OnlyVerifyWritesVerificationResults"))).isEqualTo(
                objects + "verification/* unless aws:PrincipalArn=" + verifyRole);
        assertThat(writeDenial(denies.get("OnlyPublishWritesReports"))).isEqualTo(
                objects + "reports/* unless aws:PrincipalArn=" + publishRole);
        assertThat(Cfn.strings(denies.get("ReportsAreOnlyCreatedNeverReplaced").get("Resource")))
                .containsExactly(objects + "reports/*");
        assertThat(Cfn.map(denies.get("ReportsAreOnlyCreatedNeverReplaced").get("Condition")))
                .isEqualTo(Map.of("Null", Map.of("s3:if-none-match", "true")));
        // the team's suites go under suites/, which the functions that write the evidence never write
        assertThat(Cfn.strings(denies.get("TheDrillNeverWritesSuites").get("Resource"))).containsExactly(objects + "suites/*");
        assertThat(Cfn.list(Cfn.map(Cfn.map(denies.get("TheDrillNeverWritesSuites").get("Condition")).get("ArnEquals"))
                .get("aws:PrincipalArn")).stream().map(Cfn::render).toList()).containsExactlyInAnyOrder(verifyRole, publishRole);
        // and nothing else is written to the bucket at all
        assertThat(Cfn.strings(denies.get("NothingElseIsWritten").get("NotResource")))
                .containsExactlyInAnyOrder(objects + "verification/*", objects + "reports/*", objects + "suites/*");
    }

    /** "resource unless key=value" of a PutObject denial with ArnNotEquals. */
    private static String writeDenial(Map<String, Object> statement) {
        assertThat(Cfn.strings(statement.get("Action"))).containsExactly("s3:PutObject");
        Map<String, Object> unless = Cfn.map(Cfn.map(statement.get("Condition")).get("ArnNotEquals"));
        return Cfn.strings(statement.get("Resource")).get(0) + " unless aws:PrincipalArn="
                + Cfn.render(unless.get("aws:PrincipalArn"));
    }

    private static List<Map<String, Object>> bucketPolicyStatements() {
        return Cfn.properties(RECOVERY, "AWS::S3::BucketPolicy").values().stream()
                .filter(policy -> evidenceId().equals(Cfn.target(policy.get("Bucket"))))
                .flatMap(policy -> Cfn.list(Cfn.map(policy.get("PolicyDocument")).get("Statement")).stream())
                .map(Cfn::map)
                .toList();
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
