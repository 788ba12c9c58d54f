package io.restoredrill.local.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.local.files.Sha256;
import io.restoredrill.local.snapshot.Manifest;
import io.restoredrill.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** S3 recovery locations against the moto emulator. */
class S3LocationTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final String BUCKET = "drill-recovery-usw2";
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY));

    @TempDir
    Path work;

    private S3Client s3;

    @BeforeEach
    void client() {
        s3 = S3Client.builder()
                .endpointOverride(MOTO.endpoint())
                .forcePathStyle(true)
                .region(Region.US_WEST_2)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterEach
    void closeClient() {
        s3.close();
    }

    @Test
    void putThenGetRoundTripsAMultiFileSnapshotByteForByte() throws IOException {
        // GIVEN a bucket in us-west-2 and a snapshot directory with its manifest
        createBucket();
        Path snapshot = SnapshotFixture.write(work.resolve("dump"));
        Manifest manifest = Manifest.create(snapshot);
        manifest.write(snapshot);
        S3Location location = new S3Location(s3, BUCKET, "nightly/");

        // WHEN it is put and fetched into a new directory
        location.put(snapshot, "drill-orders-0001");
        Path restored = work.resolve("restored");
        location.get("drill-orders-0001", restored);

        // THEN one object per file exists under prefix/name, each with the SHA-256 S3 verified on upload,
        // and the fetched copy is identical and passes its manifest
        assertThat(s3.listObjectsV2Paginator(list -> list.bucket(BUCKET)).contents().stream().map(S3Object::key))
                .containsExactlyInAnyOrderElementsOf(Stream.concat(SnapshotFixture.FILES.stream(),
                        Stream.of(Manifest.FILE_NAME)).map(file -> "nightly/drill-orders-0001/" + file).toList());
        assertThat(storedSha256("nightly/drill-orders-0001/3001.dat.gz"))
                .isEqualTo(Sha256.of(snapshot.resolve("3001.dat.gz")).hex());
        SnapshotFixture.assertIdentical(restored, snapshot);
        Manifest.read(restored).verify(restored);
        assertThat(location.uri("drill-orders-0001")).isEqualTo("s3://" + BUCKET + "/nightly/drill-orders-0001");
    }

    @Test
    void aMissingBucketIsNamedInOneSentence() throws IOException {
        // GIVEN no bucket at all
        Path snapshot = SnapshotFixture.write(work.resolve("dump"));
        S3Location location = new S3Location(s3, "no-such-drill-bucket", "nightly");

        // WHEN / THEN put and get fail with a sentence that names the bucket, not an SDK dump
        assertThatThrownBy(() -> location.put(snapshot, "drill-orders-0001"))
                .isInstanceOf(CopyFailedException.class)
                .hasMessage("S3 bucket 'no-such-drill-bucket' does not exist in region us-west-2;"
                        + " create it or fix the recovery location.");
        assertThatThrownBy(() -> location.get("drill-orders-0001", work.resolve("restored")))
                .isInstanceOf(CopyFailedException.class)
                .hasMessageContaining("'no-such-drill-bucket' does not exist");
        assertThatCode(() -> location.delete("drill-orders-0001")).doesNotThrowAnyException();
    }

    @Test
    void deleteRemovesEveryObjectAndIsIdempotent() throws IOException {
        // GIVEN a stored snapshot next to another one
        createBucket();
        Path snapshot = SnapshotFixture.write(work.resolve("dump"));
        S3Location location = new S3Location(s3, BUCKET, "");
        location.put(snapshot, "drill-orders-0001");
        location.put(snapshot, "drill-orders-0002");

        // WHEN the first is deleted twice
        location.delete("drill-orders-0001");
        location.delete("drill-orders-0001");

        // THEN only the other snapshot's objects remain, and the deleted one cannot be fetched
        assertThat(s3.listObjectsV2Paginator(list -> list.bucket(BUCKET)).contents().stream().map(S3Object::key))
                .hasSize(SnapshotFixture.FILES.size())
                .allMatch(key -> key.startsWith("drill-orders-0002/"));
        assertThatThrownBy(() -> location.get("drill-orders-0001", work.resolve("restored")))
                .isInstanceOf(CopyFailedException.class)
                .hasMessageContaining("No snapshot named 'drill-orders-0001' exists at s3://" + BUCKET
                        + "/drill-orders-0001");
    }

    @Test
    void neverOverwritesAStoredSnapshot() throws IOException {
        // GIVEN a stored snapshot
        createBucket();
        Path snapshot = SnapshotFixture.write(work.resolve("dump"));
        S3Location location = new S3Location(s3, BUCKET, "nightly");
        location.put(snapshot, "drill-orders-0001");

        // WHEN / THEN a second put under the same name is refused
        assertThatThrownBy(() -> location.put(snapshot, "drill-orders-0001"))
                .isInstanceOf(CopyFailedException.class)
                .hasMessageContaining("already holds a snapshot named 'drill-orders-0001'");
    }

    @Test
    void largeFilesGoUpInPartsEachCheckedBySha256() throws IOException {
        // GIVEN a bucket and a file above the (lowered) multipart threshold
        createBucket();
        Path snapshot = Files.createDirectories(work.resolve("dump"));
        byte[] big = SnapshotFixture.bytes(new Random(5), 11 * 1024 * 1024 + 3);
        Files.write(snapshot.resolve("4001.dat.gz"), big);
        Files.writeString(snapshot.resolve("toc.dat"), "toc");
        S3Location location = new S3Location(s3, BUCKET, "big", new S3Upload(6L << 20, 5L << 20), false);

        // WHEN it is put and fetched back
        location.put(snapshot, "drill-orders-0001");
        Path restored = work.resolve("restored");
        location.get("drill-orders-0001", restored);

        // THEN it arrived in three parts with a SHA-256 checksum, intact, and no upload is left unfinished
        HeadObjectResponse head = s3.headObject(request -> request.bucket(BUCKET)
                .key("big/drill-orders-0001/4001.dat.gz").checksumMode(ChecksumMode.ENABLED));
        assertThat(head.eTag()).endsWith("-3\"");
        assertThat(head.checksumSHA256()).isNotBlank();
        SnapshotFixture.assertIdentical(restored, snapshot);
        assertThat(s3.listMultipartUploads(list -> list.bucket(BUCKET)).uploads()).isEmpty();
    }

    @Test
    void awsEndpointUrlPointsTheLocationAtTheEmulator() throws IOException {
        // GIVEN a bucket and an S3 client built only from AWS_ENDPOINT_URL, as the CLI builds it
        createBucket();
        Path snapshot = SnapshotFixture.write(work.resolve("dump"));
        Map<String, String> environment = Map.of("AWS_ENDPOINT_URL", MOTO.endpoint().toString());

        // WHEN a snapshot goes through that client
        try (S3Client fromEnvironment = S3Clients.create("us-west-2", environment, CREDENTIALS);
             S3Location location = new S3Location(fromEnvironment, BUCKET, "env")) {
            location.put(snapshot, "drill-orders-0001");
            location.get("drill-orders-0001", work.resolve("restored"));
        }

        // THEN it landed in the emulator's bucket, path-style, intact
        assertThat(s3.listObjectsV2(list -> list.bucket(BUCKET).prefix("env/")).keyCount())
                .isEqualTo(SnapshotFixture.FILES.size());
        SnapshotFixture.assertIdentical(work.resolve("restored"), snapshot);
    }

    private void createBucket() {
        s3.createBucket(create -> create.bucket(BUCKET)
                .createBucketConfiguration(configuration -> configuration
                        .locationConstraint(BucketLocationConstraint.US_WEST_2)));
    }

    private String storedSha256(String key) {
        String base64 = s3.headObject(request -> request.bucket(BUCKET).key(key).checksumMode(ChecksumMode.ENABLED))
                .checksumSHA256();
        assertThat(base64).as("S3 stored a SHA-256 for " + key).isNotNull();
        return HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
    }
}
