package io.restoredrill.infra.recovery;

import io.restoredrill.infra.shared.Acknowledge;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectLockRetention;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * Where Verify and Publish write the evidence: versioned, Object Lock in COMPLIANCE mode with a
 * default retention (no one, root included, can delete or overwrite a report version before it
 * ends), KMS-encrypted, TLS only, no public access, access-logged to a second bucket, and written
 * only by the two functions whose evidence it holds ({@link #onlyWrittenBy}).
 */
public final class EvidenceBucket extends Construct {

    /** Access logs are kept this long, then expire. */
    static final int ACCESS_LOG_DAYS = 400;

    private final Bucket bucket;

    public EvidenceBucket(Construct scope, String id, IKey key, int retentionDays) {
        super(scope, id);
        Bucket accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-access-logs")
                        .expiration(Duration.days(ACCESS_LOG_DAYS))
                        .noncurrentVersionExpiration(Duration.days(30)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        this.bucket = Bucket.Builder.create(this, "Bucket")
                .encryption(BucketEncryption.KMS)
                .encryptionKey(key)
                .bucketKeyEnabled(true)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true)
                .objectLockEnabled(true)
                .objectLockDefaultRetention(ObjectLockRetention.compliance(Duration.days(retentionDays)))
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("evidence/")
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        String noReplication = "Evidence integrity comes from versioning plus Object Lock in COMPLIANCE mode in the"
                + " recovery region; replicating to the source region (the one whose loss is drilled) would add nothing,"
                + " and a third region is outside this design (docs/security.md).";
        Acknowledge.on(bucket, Acknowledge.rule("NIST.800.53.R5-S3BucketReplicationEnabled", noReplication));
        Acknowledge.on(accessLogs,
                Acknowledge.rule("NIST.800.53.R5-S3BucketReplicationEnabled", "Access logs of the evidence bucket are"
                        + " operational records kept " + ACCESS_LOG_DAYS + " days; the evidence itself is locked."),
                Acknowledge.rule("NIST.800.53.R5-S3DefaultEncryptionKMS", "S3 server access logging delivers only to"
                        + " buckets encrypted with SSE-S3, not SSE-KMS, so this log bucket uses SSE-S3."));
    }

    public Bucket bucket() {
        return bucket;
    }

    /**
     * The bucket policy that keeps the evidence what the drill wrote, whatever identity policies say elsewhere
     * in the account: only Verify's role writes {@code verification/}, only Publish's role writes {@code reports/}
     * and only as a create ({@code If-None-Match}), the team's suites go under {@code suites/} (never written by those
     * two), nothing else is written, and nobody deletes an object or a version (a delete marker would hide a report
     * from the chain). Object Lock keeps the versions themselves.
     */
    public void onlyWrittenBy(IRole verify, IRole publish) {
        String verification = bucket.arnForObjects(TaskPolicies.VERIFICATION_PREFIX + "*");
        String reports = bucket.arnForObjects(TaskPolicies.REPORTS_PREFIX + "*");
        // The team's suites, which inputs name by key: written by whoever IAM lets, kept under Object Lock like all else.
        String suites = bucket.arnForObjects(TaskPolicies.SUITES_PREFIX + "*");
        deny("NobodyDeletesEvidence", List.of("s3:DeleteObject", "s3:DeleteObjectVersion"),
                List.of(bucket.arnForObjects("*")), null);
        deny("OnlyVerifyWritesVerificationResults", List.of("s3:PutObject"), List.of(verification),
                Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", verify.getRoleArn())));
        deny("OnlyPublishWritesReports", List.of("s3:PutObject"), List.of(reports),
                Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", publish.getRoleArn())));
        // A suite says what a drill must find: the functions that write the evidence never write one.
        deny("TheDrillNeverWritesSuites", List.of("s3:PutObject"), List.of(suites),
                Map.of("ArnEquals", Map.of("aws:PrincipalArn", List.of(verify.getRoleArn(), publish.getRoleArn()))));
        deny("ReportsAreOnlyCreatedNeverReplaced", List.of("s3:PutObject"), List.of(reports),
                Map.of("Null", Map.of("s3:if-none-match", "true")));
        bucket.addToResourcePolicy(PolicyStatement.Builder.create().sid("NothingElseIsWritten").effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal())).actions(List.of("s3:PutObject"))
                .notResources(List.of(verification, reports, suites)).build());
    }

    private void deny(String sid, List<String> actions, List<String> resources, Map<String, Object> conditions) {
        PolicyStatement.Builder statement = PolicyStatement.Builder.create().sid(sid).effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal())).actions(actions).resources(resources);
        if (conditions != null) {
            statement.conditions(conditions);
        }
        bucket.addToResourcePolicy(statement.build());
    }
}
