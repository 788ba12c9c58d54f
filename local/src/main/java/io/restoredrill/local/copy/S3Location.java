package io.restoredrill.local.copy;

import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.local.files.FileTree;
import io.restoredrill.core.error.IoReason;
import io.restoredrill.local.files.ParallelTasks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A recovery location in an S3 bucket: snapshot {@code name} is stored as {@code <prefix>/<name>/<file>}, one
 * object per file. Uploads carry a SHA-256 that S3 checks; downloads are checked against the checksum S3 stored.
 */
public final class S3Location implements RecoveryLocation {

    private static final Pattern BUCKET = Pattern.compile("(?!.*\\.\\.)(?!.*\\.-)(?!.*-\\.)(?!\\d+\\.\\d+\\.\\d+\\.\\d+$)"
            + "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+");
    private static final int TRANSFER_THREADS = 8;
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final S3Upload upload;
    private final boolean ownsClient;

    /** For a client the caller owns and closes, such as one pointed at an emulator in tests. */
    public S3Location(S3Client s3, String bucket, String prefix) {
        this(s3, bucket, prefix, S3Upload.DEFAULT, false);
    }

    S3Location(S3Client s3, String bucket, String prefix, S3Upload upload, boolean ownsClient) {
        requireBucket(bucket);
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = trimSlashes(prefix == null ? "" : prefix);
        this.upload = upload;
        this.ownsClient = ownsClient;
    }

    /**
     * Connects with the default AWS credentials chain; {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL}
     * redirects to an emulator with path-style addressing.
     */
    public static S3Location connect(String bucket, String prefix, String region) {
        requireBucket(bucket);
        requireRegion(region, "s3://" + bucket);
        S3Client client = S3Clients.create(region.trim(), System.getenv());
        return new S3Location(client, bucket, prefix, S3Upload.DEFAULT, true);
    }

    static S3Location parse(String spec, String region) {
        String path = spec.substring("s3://".length());
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        String prefix = slash < 0 ? "" : path.substring(slash + 1);
        if (!BUCKET.matcher(bucket).matches()) {
            throw new InvalidInputException("Recovery location '" + spec + "' does not name a valid S3 bucket;"
                    + " use s3://bucket/prefix with a bucket name of 3 to 63 lowercase letters, digits, '.' and '-'.");
        }
        if (!trimSlashes(prefix).isEmpty() && !FileTree.isSafeRelative(trimSlashes(prefix))) {
            throw new InvalidInputException("Recovery location '" + spec + "' has an invalid prefix;"
                    + " use s3://bucket/prefix without empty, '.' or '..' path segments.");
        }
        requireRegion(region, spec);
        return connect(bucket, prefix, region.trim());
    }

    public String bucket() {
        return bucket;
    }

    public String prefix() {
        return prefix;
    }

    @Override
    public String uri(String name) {
        CopyInputs.requireName(name);
        String base = keyPrefix(name);
        return "s3://" + bucket + "/" + base.substring(0, base.length() - 1);
    }

    @Override
    public void put(Path snapshotDir, String name) {
        CopyInputs.requireName(name);
        List<String> files = CopyInputs.snapshotFiles(snapshotDir);
        String base = keyPrefix(name);
        if (!call("list " + uri(name), () -> keys(base, 1)).isEmpty()) {
            throw new CopyFailedException("Recovery location " + this + " already holds a snapshot named '" + name
                    + "'; delete it first or choose another name.");
        }
        try {
            ParallelTasks.run(files, TRANSFER_THREADS, file -> uploadFile(snapshotDir.resolve(file), base + file));
        } catch (RuntimeException e) {
            try {
                delete(name);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    @Override
    public void get(String name, Path targetDir) {
        CopyInputs.requireName(name);
        String base = keyPrefix(name);
        List<String> keys = call("list " + uri(name), () -> keys(base, Integer.MAX_VALUE));
        if (keys.isEmpty()) {
            throw new CopyFailedException("No snapshot named '" + name + "' exists at " + uri(name)
                    + "; check the name, the bucket and the region.");
        }
        for (String key : keys) {
            if (!FileTree.isSafeRelative(key.substring(base.length()))) {
                throw new CopyFailedException("Object s3://" + bucket + "/" + key + " has a name that would land"
                        + " outside the target directory; remove it from the bucket and copy the snapshot again.");
            }
        }
        CopyInputs.prepareTarget(targetDir);
        FileTree.emptiedOnFailure(targetDir, () -> ParallelTasks.run(keys, TRANSFER_THREADS,
                key -> download(key, targetDir.resolve(key.substring(base.length())))));
    }

    @Override
    public void delete(String name) {
        CopyInputs.requireName(name);
        String base = keyPrefix(name);
        List<String> keys;
        try {
            keys = keys(base, Integer.MAX_VALUE);
        } catch (SdkException e) {
            if (S3Failures.isNoSuchBucket(e)) {
                return;
            }
            throw S3Failures.translate(e, "list " + uri(name), bucket, region());
        }
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH)).stream()
                    .map(key -> ObjectIdentifier.builder().key(key).build())
                    .toList();
            DeleteObjectsResponse response = call("delete " + uri(name), () -> s3.deleteObjects(delete -> delete
                    .bucket(bucket).delete(objects -> objects.objects(batch).quiet(true))));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                S3Error error = response.errors().get(0);
                throw new CopyFailedException("S3 refused to delete s3://" + bucket + "/" + error.key() + " ("
                        + error.code() + "); grant s3:DeleteObject on the bucket and delete the snapshot again.");
            }
        }
        abortUnfinishedUploads(name, base);
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }

    @Override
    public String toString() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    private void uploadFile(Path file, String key) {
        String action = "upload " + file.getFileName() + " to s3://" + bucket + "/" + key;
        try {
            upload.upload(s3, bucket, key, file);
        } catch (SdkException e) {
            throw S3Failures.translate(e, action, bucket, region());
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) e;
            throw new CopyFailedException("Cannot read " + file + " for its upload to s3://" + bucket + "/" + key
                    + " (" + IoReason.of(cause) + "); check the file's permissions.", e);
        }
    }

    private void download(String key, Path target) {
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new CopyFailedException("Cannot create " + target.getParent() + " (" + IoReason.of(e)
                    + "); check the target directory's permissions.", e);
        }
        call("download s3://" + bucket + "/" + key, () -> s3.getObject(get -> get.bucket(bucket).key(key)
                .checksumMode(ChecksumMode.ENABLED), ResponseTransformer.toFile(target)));
    }

    private void abortUnfinishedUploads(String name, String base) {
        List<MultipartUpload> unfinished = call("list unfinished uploads under " + uri(name), () -> s3
                .listMultipartUploadsPaginator(list -> list.bucket(bucket).prefix(base)).uploads().stream().toList());
        for (MultipartUpload unfinishedUpload : unfinished) {
            call("abort the unfinished upload of s3://" + bucket + "/" + unfinishedUpload.key(), () -> s3
                    .abortMultipartUpload(abort -> abort.bucket(bucket).key(unfinishedUpload.key())
                            .uploadId(unfinishedUpload.uploadId())));
        }
    }

    private List<String> keys(String base, int limit) {
        List<String> keys = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(base)
                .maxKeys(Math.min(limit, 1000))).contents()) {
            if (!object.key().endsWith("/")) {
                keys.add(object.key());
            }
            if (keys.size() >= limit) {
                break;
            }
        }
        return keys;
    }

    private String keyPrefix(String name) {
        return (prefix.isEmpty() ? "" : prefix + "/") + name + "/";
    }

    private String region() {
        return s3.serviceClientConfiguration().region().id();
    }

    private <T> T call(String action, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw S3Failures.translate(e, action, bucket, region());
        }
    }

    private static void requireBucket(String bucket) {
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw new InvalidInputException("S3 bucket name '" + bucket + "' is not valid; use 3 to 63 lowercase"
                    + " letters, digits, '.' and '-'.");
        }
    }

    private static void requireRegion(String region, String spec) {
        if (region == null || region.isBlank()) {
            throw new InvalidInputException("Recovery location " + spec + " needs an AWS region; pass the bucket's"
                    + " region, for example us-west-2.");
        }
        if (!REGION.matcher(region.trim()).matches()) {
            throw new InvalidInputException("Region '" + region + "' is not an AWS region name; pass one such as"
                    + " us-west-2.");
        }
    }

    private static String trimSlashes(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) == '/') {
            start++;
        }
        while (end > start && value.charAt(end - 1) == '/') {
            end--;
        }
        return value.substring(start, end);
    }
}
