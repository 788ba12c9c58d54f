package io.restoredrill.local.copy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Uploads one file so that S3 verifies its SHA-256: a single PutObject up to {@code multipartThreshold}
 * bytes, above that a multipart upload whose every part carries its own SHA-256 (aborted on failure).
 *
 * @param multipartThreshold files larger than this are uploaded in parts (a single PutObject stops at 5 GiB)
 * @param partSize           bytes per part, at least 5 MiB; raised when a file would need more than 10,000 parts
 */
public record S3Upload(long multipartThreshold, long partSize) {

    public static final S3Upload DEFAULT = new S3Upload(256L << 20, 64L << 20);

    private static final long MIN_PART_SIZE = 5L << 20;
    private static final int MAX_PARTS = 10_000;

    public S3Upload {
        if (partSize < MIN_PART_SIZE || multipartThreshold < partSize) {
            throw new IllegalArgumentException("parts must be at least 5 MiB and no larger than the threshold");
        }
    }

    public void upload(S3Client s3, String bucket, String key, Path file) throws IOException {
        long size = Files.size(file);
        if (size <= multipartThreshold) {
            s3.putObject(put -> put.bucket(bucket).key(key).checksumAlgorithm(ChecksumAlgorithm.SHA256),
                    RequestBody.fromFile(file));
        } else {
            uploadInParts(s3, bucket, key, file, size);
        }
    }

    private void uploadInParts(S3Client s3, String bucket, String key, Path file, long size) {
        String uploadId = s3.createMultipartUpload(create -> create.bucket(bucket).key(key)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        try {
            long effectivePartSize = Math.max(partSize, -Math.floorDiv(-size, MAX_PARTS));
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < size; offset += effectivePartSize) {
                int number = parts.size() + 1;
                long length = Math.min(effectivePartSize, size - offset);
                try (FileSlice slice = new FileSlice(file, offset, length)) {
                    UploadPartResponse part = s3.uploadPart(request -> request.bucket(bucket).key(key)
                                    .uploadId(uploadId).partNumber(number).contentLength(length)
                                    .checksumAlgorithm(ChecksumAlgorithm.SHA256),
                            RequestBody.fromContentProvider(slice, length, "application/octet-stream"));
                    parts.add(CompletedPart.builder().partNumber(number).eTag(part.eTag())
                            .checksumSHA256(part.checksumSHA256()).build());
                }
            }
            s3.completeMultipartUpload(complete -> complete.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
        } catch (SdkException | java.io.UncheckedIOException e) {
            abort(s3, bucket, key, uploadId, e);
            throw e;
        }
    }

    private static void abort(S3Client s3, String bucket, String key, String uploadId, RuntimeException failure) {
        try {
            s3.abortMultipartUpload(abort -> abort.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }
}
