package io.restoredrill.local.copy;

import io.restoredrill.core.error.ChecksumMismatchException;
import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.core.error.DrillException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns an S3 SDK failure into one sentence that names the bucket, the problem and the fix. */
public final class S3Failures {

    private static final Set<String> CREDENTIAL_CODES = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "ExpiredToken", "InvalidToken", "TokenRefreshRequired");
    private static final Set<String> REGION_CODES = Set.of("PermanentRedirect", "AuthorizationHeaderMalformed",
            "IllegalLocationConstraintException");
    private static final Set<String> DIGEST_CODES = Set.of("BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch",
            "XAmzContentChecksumMismatch");

    private S3Failures() {
    }

    static boolean isNoSuchBucket(SdkException e) {
        return e instanceof NoSuchBucketException || "NoSuchBucket".equals(errorCode(e));
    }

    /**
     * @param action what was attempted, completing "while trying to …", e.g. {@code upload toc.dat to s3://b/p/toc.dat}
     */
    public static DrillException translate(SdkException e, String action, String bucket, String region) {
        String code = errorCode(e);
        if (isNoSuchBucket(e)) {
            return new CopyFailedException("S3 bucket '" + bucket + "' does not exist in region " + region
                    + "; create it or fix the recovery location.", e);
        }
        if ("AccessDenied".equals(code) || "AllAccessDisabled".equals(code)
                || (code == null && statusCode(e) == 403)) {
            return new CopyFailedException("Access to S3 bucket '" + bucket + "' was denied while trying to " + action
                    + "; grant the drill's credentials s3:ListBucket, s3:GetObject, s3:PutObject,"
                    + " s3:DeleteObject and s3:AbortMultipartUpload on it.", e);
        }
        if (code != null && CREDENTIAL_CODES.contains(code)) {
            return new CopyFailedException("S3 rejected the AWS credentials (" + code + ") while trying to " + action
                    + "; check AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.", e);
        }
        if ((code != null && REGION_CODES.contains(code)) || statusCode(e) == 301) {
            String actual = bucketRegion(e).map(r -> " but in " + r).orElse("");
            return new CopyFailedException("S3 bucket '" + bucket + "' is not in region " + region + actual
                    + "; pass the bucket's own region.", e);
        }
        if (code != null && DIGEST_CODES.contains(code)) {
            return new CopyFailedException("S3 refused to " + action + " because the data it received did not match"
                    + " its checksum (" + code + "); the file changed or was damaged in transit, copy it again.", e);
        }
        if (e instanceof S3Exception) {
            return new CopyFailedException("S3 refused to " + action + " (" + (code == null ? "HTTP " + statusCode(e)
                    : code + ", HTTP " + statusCode(e)) + "); check the bucket's policy and the recovery location.", e);
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof SdkClientException && message.contains("Unable to load credentials")) {
            return new CopyFailedException("No AWS credentials were found to " + action + "; set AWS_PROFILE or"
                    + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.", e);
        }
        if (e instanceof SdkClientException && message.toLowerCase(Locale.ROOT).contains("checksum")) {
            return new ChecksumMismatchException("The data received from S3 while trying to " + action
                    + " did not match the checksum S3 stored for it; copy the snapshot again.", e);
        }
        return new CopyFailedException("Could not reach S3 to " + action + " (" + rootCause(e)
                + "); check the network, the region and AWS_ENDPOINT_URL.", e);
    }

    private static String errorCode(SdkException e) {
        if (e instanceof S3Exception s3 && s3.awsErrorDetails() != null) {
            return s3.awsErrorDetails().errorCode();
        }
        return null;
    }

    private static int statusCode(SdkException e) {
        return e instanceof S3Exception s3 ? s3.statusCode() : 0;
    }

    private static Optional<String> bucketRegion(SdkException e) {
        if (e instanceof S3Exception s3 && s3.awsErrorDetails() != null
                && s3.awsErrorDetails().sdkHttpResponse() != null) {
            return s3.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
        }
        return Optional.empty();
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        String kind = root.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return kind;
        }
        String firstLine = message.lines().findFirst().orElse(message);
        return kind + ": " + (firstLine.length() > 200 ? firstLine.substring(0, 200) + "…" : firstLine);
    }
}
