package io.restoredrill.infra.recovery;

import io.restoredrill.infra.shared.Acknowledge;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
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
 * ends), KMS-encrypted, TLS only, no public access, access-logged to a second bucket.
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
}
