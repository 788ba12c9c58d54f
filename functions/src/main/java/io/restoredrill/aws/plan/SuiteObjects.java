package io.restoredrill.aws.plan;

import io.restoredrill.core.deployment.EvidencePrefixes;
import io.restoredrill.core.error.EnvironmentException;
import io.restoredrill.core.error.SuiteFileInvalidException;
import io.restoredrill.core.verify.suite.InlineSuites;
import io.restoredrill.core.verify.suite.SuiteLoader;
import java.util.function.Function;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Suites kept in the deployment's evidence bucket under {@code suites/}, which an execution input names by key
 * ({@code suiteKey}). Plan reads the one named, validates it as an inline suite is validated, and puts it in the
 * drill's state, so Verify needs no access to it and the suite cannot change while the drill runs.
 */
public final class SuiteObjects {

    /** A suite file is text: YAML with comments may be larger than the compact JSON the state carries. */
    static final int MAX_FILE_BYTES = 128 * 1024;

    /** For a Plan without the bucket: an input that names a suite by key is refused. */
    public static final SuiteObjects NONE = new SuiteObjects(null, null);

    private final Function<String, S3Client> s3InRegion;
    private final String bucket;

    /** @param bucket the evidence bucket ({@code EVIDENCE_BUCKET}), in the recovery region */
    public SuiteObjects(Function<String, S3Client> s3InRegion, String bucket) {
        this.s3InRegion = s3InRegion;
        this.bucket = bucket;
    }

    /** The suite at {@code suites/<key>}, as the compact JSON an inline suite becomes. */
    String read(String region, String key) {
        if (s3InRegion == null || bucket == null || bucket.isBlank()) {
            throw new EnvironmentException("EVIDENCE_BUCKET is not set for Plan, so it cannot read the suite 'suiteKey' names;"
                    + " the CDK stack sets it.");
        }
        String objectKey = EvidencePrefixes.SUITES + key;
        String location = "s3://" + bucket + "/" + objectKey;
        ResponseBytes<GetObjectResponse> object;
        try {
            object = s3InRegion.apply(region).getObjectAsBytes(r -> r.bucket(bucket).key(objectKey));
        } catch (NoSuchKeyException e) {
            throw missing(location, e);
        } catch (S3Exception e) {
            // Without s3:ListBucket, S3 answers a GET of a missing key with 403 as it answers a refused one.
            if (e.statusCode() == 403) {
                throw missing(location, e);
            }
            throw e;
        }
        if (object.asByteArray().length > MAX_FILE_BYTES) {
            throw new SuiteFileInvalidException("Suite " + location + " is " + object.asByteArray().length + " bytes; a"
                    + " suite file may be at most " + MAX_FILE_BYTES / 1024 + " KB.");
        }
        return InlineSuites.validate(SuiteLoader.tree(object.asUtf8String(), location), "suiteKey");
    }

    private static SuiteFileInvalidException missing(String location, Exception cause) {
        return new SuiteFileInvalidException("Suite " + location + " does not exist (or Plan may not read it): upload the"
                + " suite file there, or give the suite inline in 'suite'.", cause);
    }
}
