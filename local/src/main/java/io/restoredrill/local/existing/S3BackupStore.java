package io.restoredrill.local.existing;

import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.IoReason;
import io.restoredrill.local.copy.S3Clients;
import io.restoredrill.local.copy.S3Failures;
import io.restoredrill.local.copy.S3Upload;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import io.restoredrill.local.files.FileTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Backups in an S3 bucket under a prefix, on AWS or any S3-compatible endpoint ({@code AWS_ENDPOINT_URL_S3} or
 * {@code AWS_ENDPOINT_URL}; credentials from the SDK's default chain). A directory-format dump is the set of
 * objects beside a {@code toc.dat}. Downloads are checked against the checksum S3 stored, where it stored one.
 */
public final class S3BackupStore implements BackupStore {

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final S3Client s3;
    private final String bucket;
    /** The prefix as given, e.g. {@code nightly/} or {@code nightly/shop-}. */
    private final String prefix;
    /** Names are relative to this: the prefix up to and including its last {@code /}. */
    private final String base;
    private final boolean ownsClient;
    private final Map<String, List<String>> directoryKeys = new LinkedHashMap<>();

    /** For a client the caller owns and closes, such as one pointed at an emulator in tests. */
    public S3BackupStore(S3Client s3, String bucket, String prefix) {
        this(s3, bucket, prefix, false);
    }

    private S3BackupStore(S3Client s3, String bucket, String prefix, boolean ownsClient) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix.startsWith("/") ? prefix.substring(1) : prefix;
        this.base = this.prefix.substring(0, this.prefix.lastIndexOf('/') + 1);
        this.ownsClient = ownsClient;
    }

    /** @param writing whether backups are stored there: the prefix is then a folder, {@code nightly} as {@code nightly/} */
    static S3BackupStore open(String option, String location, String region, boolean writing) {
        String path = location.substring("s3://".length());
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        if (!BUCKET.matcher(bucket).matches()) {
            throw new InvalidInputException(option + " " + location + " does not name a valid S3 bucket; use"
                    + " s3://bucket/prefix with a bucket name of 3 to 63 lowercase letters, digits, '.' and '-'.");
        }
        String chosen = region != null ? region : System.getenv().getOrDefault("AWS_REGION",
                System.getenv("AWS_DEFAULT_REGION"));
        if (chosen == null || chosen.isBlank()) {
            throw new InvalidInputException(option + " " + location + " needs the bucket's region: pass --region or set"
                    + " AWS_REGION.");
        }
        String prefix = slash < 0 ? "" : path.substring(slash + 1);
        if (writing && !prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix += "/";
        }
        return new S3BackupStore(S3Clients.create(chosen.trim(), System.getenv()), bucket, prefix, true);
    }

    @Override
    public List<StoredBackup> list() {
        List<S3Object> objects = call("list " + this, () -> s3.listObjectsV2Paginator(list -> list.bucket(bucket)
                .prefix(prefix)).contents().stream().filter(object -> !object.key().endsWith("/")).toList());
        directoryKeys.clear();
        for (S3Object object : objects) {
            String key = object.key();
            String fileName = key.substring(key.lastIndexOf('/') + 1);
            if (BackupFiles.isToc(fileName) && key.lastIndexOf('/') >= base.length()) {
                directoryKeys.put(key.substring(0, key.lastIndexOf('/') + 1), new ArrayList<>());
            }
        }
        List<StoredBackup> found = new ArrayList<>();
        for (S3Object object : objects) {
            String key = object.key();
            String directory = directoryKeys.keySet().stream().filter(key::startsWith).findFirst().orElse(null);
            if (directory != null) {
                directoryKeys.get(directory).add(key);
            } else if (BackupFiles.isBackup(key.substring(key.lastIndexOf('/') + 1))) {
                found.add(backup(key.substring(base.length()), object.size(), object.lastModified(), false));
            }
        }
        directoryKeys.forEach((directory, keys) -> {
            List<S3Object> members = objects.stream().filter(object -> object.key().startsWith(directory)).toList();
            Instant newest = members.stream().map(S3Object::lastModified).max(Instant::compareTo).orElse(Instant.EPOCH);
            found.add(backup(directory.substring(base.length(), directory.length() - 1),
                    members.stream().mapToLong(S3Object::size).sum(), newest, true));
        });
        return found;
    }

    @Override
    public String uri(StoredBackup backup) {
        return "s3://" + bucket + "/" + base + backup.name();
    }

    @Override
    public Path fetch(StoredBackup backup, Path downloadDir, Instant deadline) {
        try {
            Files.createDirectories(downloadDir);
        } catch (IOException e) {
            throw new CopyFailedException("Cannot create " + downloadDir + " (" + IoReason.of(e) + ").", e);
        }
        if (!backup.directory()) {
            Path target = downloadDir.resolve(backup.fileName());
            download(base + backup.name(), target);
            return target;
        }
        String directory = base + backup.name() + "/";
        Path target = downloadDir.resolve(backup.fileName());
        List<String> keys = directoryKeys.getOrDefault(directory, List.of());
        for (String key : keys) {
            String relative = key.substring(directory.length());
            if (!FileTree.isSafeRelative(relative)) {
                throw new CopyFailedException("Object s3://" + bucket + "/" + key + " has a name that would land outside"
                        + " the drill's directory; remove it from the bucket.");
            }
            Path file = target.resolve(relative);
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                throw new CopyFailedException("Cannot create " + file.getParent() + " (" + IoReason.of(e) + ").", e);
            }
            download(key, file);
        }
        return target;
    }

    @Override
    public boolean inPlace() {
        return false;
    }

    @Override
    public Optional<Path> fetchBeside(StoredBackup backup, String suffix, Path downloadDir) {
        String key = base + backup.name() + suffix;
        try {
            s3.headObject(head -> head.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw S3Failures.translate(e, "look for s3://" + bucket + "/" + key, bucket, region());
        } catch (SdkException e) {
            throw S3Failures.translate(e, "look for s3://" + bucket + "/" + key, bucket, region());
        }
        try {
            Files.createDirectories(downloadDir);
        } catch (IOException e) {
            throw new CopyFailedException("Cannot create " + downloadDir + " (" + IoReason.of(e) + ").", e);
        }
        Path target = downloadDir.resolve(backup.fileName() + suffix);
        download(key, target);
        return Optional.of(target);
    }

    @Override
    public void put(Path file, String name) {
        String key = base + name;
        try {
            S3Upload.DEFAULT.upload(s3, bucket, key, file);
        } catch (IOException e) {
            throw new CopyFailedException("Cannot read " + file + " to upload it (" + IoReason.of(e) + ").", e);
        } catch (SdkException e) {
            throw S3Failures.translate(e, "upload s3://" + bucket + "/" + key, bucket, region());
        }
    }

    @Override
    public void delete(String name) {
        String key = base + name;
        call("delete s3://" + bucket + "/" + key, () -> s3.deleteObject(delete -> delete.bucket(bucket).key(key)));
    }

    private String region() {
        return s3.serviceClientConfiguration().region().id();
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }

    private void download(String key, Path target) {
        call("download s3://" + bucket + "/" + key, () -> s3.getObject(get -> get.bucket(bucket).key(key)
                .checksumMode(ChecksumMode.ENABLED), ResponseTransformer.toFile(target)));
    }

    private static StoredBackup backup(String name, long bytes, Instant modified, boolean directory) {
        var stamp = BackupNames.timestamp(name);
        return new StoredBackup(name, BackupNames.database(name).orElse(null), stamp.orElse(modified), stamp.isPresent(),
                bytes, directory);
    }

    private <T> T call(String action, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw S3Failures.translate(e, action, bucket, region());
        }
    }
}
