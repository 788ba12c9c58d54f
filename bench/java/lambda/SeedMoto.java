import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.aws.Events;
import io.restoredrill.aws.cleanup.CleanupStep;
import io.restoredrill.aws.clients.Regional;
import io.restoredrill.aws.copy.CopyStep;
import io.restoredrill.aws.credentials.CredentialsStep;
import io.restoredrill.aws.credentials.DatabaseSecret;
import io.restoredrill.aws.handler.CleanupHandler;
import io.restoredrill.aws.handler.CopyHandler;
import io.restoredrill.aws.handler.CredentialsHandler;
import io.restoredrill.aws.handler.RestoreHandler;
import io.restoredrill.aws.handler.SnapshotHandler;
import io.restoredrill.aws.handler.VerifyHandler;
import io.restoredrill.aws.restore.RestoreStep;
import io.restoredrill.aws.snapshot.SnapshotStep;
import io.restoredrill.aws.testing.TestCa;
import io.restoredrill.aws.testing.Timelines;
import io.restoredrill.aws.verify.RdsCaBundle;
import io.restoredrill.aws.verify.VerifyStep;
import io.restoredrill.core.json.Json;
import io.restoredrill.testing.PostgresFixture;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Puts moto (and a local PostgreSQL standing in for the restored database) into the state in which
 * a handler's sample event succeeds, for bench/lambda-init.sh. A long-lived process: one command a
 * line on stdin, one answer line on stdout.
 *
 * <pre>
 * seed &lt;Task&gt; &lt;dir&gt;   reset moto, build the world, write dir/event.json and dir/env; answers "ok"
 * quit
 * </pre>
 *
 * The world is the drill's (as the workflow tests' WorkflowWorld builds it): the source
 * {@code shop-prod} in eu-central-1, the recovery stack's isolated network, KMS key, evidence bucket
 * and topic in eu-west-1. Before a task, the drill's earlier mutating tasks (Snapshot, Copy, Restore,
 * Credentials, Verify, Cleanup) run here, in-process, on their own sample events, so what the task's
 * event names exists. The task's event is its sample from events/ with its timeline moved to now and
 * only what moto or the stand-in decides substituted: the KMS key, security group, secret ARN, the
 * endpoint's host and port, and the verification result's location. The Janitor gets a drill whose
 * time to live ended an hour ago, which it removes.
 *
 * <p>Runs with the functions module's test classpath, working directory {@code functions/}, and the
 * same AWS_ENDPOINT_URL / credentials environment as the handlers.
 */
public final class SeedMoto {

    static final String SOURCE_REGION = "eu-central-1";
    static final String RECOVERY_REGION = "eu-west-1";
    static final String BUCKET = "restore-drill-evidence-123456789012-eu-west-1";
    /** What the stack gives the Credentials function (moto does not check the key a secret names). */
    static final String DRILL_SECRETS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/drill-secrets";
    static final String VERIFIER_ROLE = "arn:aws:iam::123456789012:role/restore-drill-Verify";
    static final List<String> CHAIN = List.of("Snapshot", "Copy", "Restore", "Credentials", "Verify", "Cleanup");

    private final URI moto;
    private final PostgresFixture standIn;
    private final Path caCertificate;
    private final Regional<RdsClient> rds = new Regional<>(r -> RdsClient.builder().region(r).build());
    private final Regional<SecretsManagerClient> secrets = new Regional<>(r -> SecretsManagerClient.builder().region(r).build());
    private final Regional<S3Client> s3 = new Regional<>(r -> S3Client.builder().region(r).forcePathStyle(true).build());
    private final Regional<BackupClient> backup = new Regional<>(r -> BackupClient.builder().region(r).build());
    private final Regional<SnsClient> sns = new Regional<>(r -> SnsClient.builder().region(r).build());
    private final HttpClient http = HttpClient.newHttpClient();

    private SeedMoto(URI moto, PostgresFixture standIn, Path caCertificate) {
        this.moto = moto;
        this.standIn = standIn;
        this.caCertificate = caCertificate;
    }

    public static void main(String[] args) throws Exception {
        // answers on stdout; everything the handlers and libraries print goes to stderr
        PrintStream answers = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        Path work = Files.createDirectories(Path.of(args[0]).toAbsolutePath());
        TestCa ca = TestCa.create(Files.createDirectories(work.resolve("ca")));
        PostgresFixture standIn = PostgresFixture.start(ca.issue("localhost"));
        Runtime.getRuntime().addShutdownHook(new Thread(standIn::close));
        standIn.execute("postgres", "CREATE ROLE postgres LOGIN SUPERUSER PASSWORD 'set-by-credentials-0'");
        standIn.createDatabase("shop");
        standIn.execute("shop", """
                CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
                INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 250) g;
                CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL REFERENCES customers, total numeric(10, 2));
                INSERT INTO orders SELECT g, 1 + g % 250, g * 1.25 FROM generate_series(1, 1200) g;
                """);
        SeedMoto seeder = new SeedMoto(URI.create(System.getenv("AWS_ENDPOINT_URL")), standIn, ca.certificate());
        answers.println("ready " + standIn.cluster().port());
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); line != null && !line.equals("quit"); line = commands.readLine()) {
            String[] words = line.trim().split("\\s+");
            try {
                seeder.seed(words[1], Files.createDirectories(Path.of(words[2])));
                answers.println("ok");
            } catch (Exception e) {
                e.printStackTrace();
                answers.println("error " + e);
            }
        }
        standIn.close();
    }

    /** What the recovery-region stack and the source provide, after a reset of moto. */
    private record World(String kmsKey, String securityGroup, String topicArn) {
    }

    private void seed(String task, Path dir) throws Exception {
        reset();
        World world = world();
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> found = new LinkedHashMap<>();
        String event;
        if (task.equals("Janitor")) {
            // a drill whose TTL (12 h) ended an hour ago: its instance, snapshots and secret are the Janitor's
            chain(List.of("Snapshot", "Copy", "Restore", "Credentials"), world, found, Instant.now().minus(Duration.ofHours(13)));
            event = Events.read("janitor.json");
        } else {
            if (!task.equals("Plan")) {
                chain(prerequisites(task), world, found, Instant.now());
            }
            event = task.equals("Plan") ? planEvent(world) : adjusted(Events.read(sampleName(task)), world, found, Instant.now());
        }
        switch (task) {
            case "Plan" -> {
                env.put("RESTORE_SUBNET_GROUP", "restore-drill-isolated");
                env.put("RESTORE_SECURITY_GROUP_IDS", world.securityGroup());
                env.put("RECOVERY_KMS_KEY_ID", world.kmsKey());
                env.put("RECOVERY_VAULT", "restore-drill-recovery");
                env.put("RTO_BUDGET", "1h");
                env.put("PHASE_BUDGETS", "snapshot=30m,copy=2h,restore=45m,verify=10m");
                env.put("DRILL_TTL", "12h");
            }
            case "Credentials" -> {
                env.put("DRILL_SECRETS_KEY_ARN", DRILL_SECRETS_KEY);
                env.put("VERIFIER_ROLE_ARN", VERIFIER_ROLE);
            }
            case "Verify" -> {
                env.put("EVIDENCE_BUCKET", BUCKET);
                env.put("RDS_CA_BUNDLE", caCertificate.toString());
            }
            case "Publish" -> {
                env.put("EVIDENCE_BUCKET", BUCKET);
                env.put("TOPIC_ARN", world.topicArn());
                env.put("METRICS_NAMESPACE", "RestoreDrill");
            }
            default -> { }
        }
        Files.writeString(dir.resolve("event.json"), event);
        StringBuilder lines = new StringBuilder();
        env.forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
        Files.writeString(dir.resolve("env"), lines);
    }

    /** The mutating tasks that run before this one in a drill. */
    private static List<String> prerequisites(String task) {
        return switch (task) {
            case "Snapshot" -> List.of();
            case "CheckSnapshot", "Copy" -> CHAIN.subList(0, 1);
            case "CheckCopy", "Restore" -> CHAIN.subList(0, 2);
            case "CheckRestore", "Credentials" -> CHAIN.subList(0, 3);
            case "Verify", "Cleanup" -> CHAIN.subList(0, 4);
            case "Publish" -> CHAIN;
            default -> throw new IllegalArgumentException("unknown task " + task);
        };
    }

    private static String sampleName(String task) {
        return task.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase() + ".json";
    }

    private void reset() throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(moto.resolve("/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("moto reset answered " + answer.statusCode());
        }
    }

    private World world() {
        RdsClient source = rds.apply(SOURCE_REGION);
        source.createDBInstance(r -> r.dbInstanceIdentifier("shop-prod").engine("postgres").engineVersion("16.4")
                .dbInstanceClass("db.t4g.medium").dbName("shop").masterUsername("postgres")
                .masterUserPassword("not-used-1").allocatedStorage(100));
        String sg;
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.of(RECOVERY_REGION)).build()) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.42.0.0/16")).vpc().vpcId();
            String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.42.1.0/24").availabilityZone(RECOVERY_REGION + "a"))
                    .subnet().subnetId();
            String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.42.2.0/24").availabilityZone(RECOVERY_REGION + "b"))
                    .subnet().subnetId();
            sg = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("restored-db").description("verifier only")).groupId();
            rds.apply(RECOVERY_REGION).createDBSubnetGroup(r -> r.dbSubnetGroupName("restore-drill-isolated")
                    .dbSubnetGroupDescription("isolated").subnetIds(a, b));
        }
        String key;
        try (KmsClient kms = KmsClient.builder().region(Region.of(RECOVERY_REGION)).build()) {
            key = kms.createKey(r -> r.description("restore-drill recovery key")).keyMetadata().arn();
        }
        s3.apply(RECOVERY_REGION).createBucket(r -> r.bucket(BUCKET).objectLockEnabledForBucket(true)
                .createBucketConfiguration(c -> c.locationConstraint(RECOVERY_REGION)));
        String topic = sns.apply(RECOVERY_REGION).createTopic(r -> r.name("restore-drill")).topicArn();
        return new World(key, sg, topic);
    }

    /** events/plan.json with the recovery stack's key and security group. */
    private static String planEvent(World world) {
        String event = Events.with(Events.read("plan.json"), "restore.kmsKeyId", world.kmsKey());
        return Events.with(event, "restore.securityGroupIds", List.of(world.securityGroup()));
    }

    /** Runs these tasks in-process, each on its own adjusted sample, recording what they made. */
    private void chain(List<String> tasks, World world, Map<String, String> found, Instant now) throws IOException {
        Clock clock = Clock.fixed(now, java.time.ZoneOffset.UTC);
        for (String task : tasks) {
            RequestStreamHandler handler = switch (task) {
                case "Snapshot" -> new SnapshotHandler(new SnapshotStep(rds, backup, clock));
                case "Copy" -> new CopyHandler(new CopyStep(rds, clock));
                case "Restore" -> new RestoreHandler(new RestoreStep(rds, clock));
                case "Credentials" -> new CredentialsHandler(new CredentialsStep(rds, secrets, new io.restoredrill.aws.credentials.SecretGuard(
                        DRILL_SECRETS_KEY, VERIFIER_ROLE), clock));
                case "Verify" -> new VerifyHandler(new VerifyStep(secrets, s3, BUCKET, new RdsCaBundle(caCertificate),
                        Clock.systemUTC()));
                case "Cleanup" -> new CleanupHandler(new CleanupStep(rds, secrets, clock));
                default -> throw new IllegalArgumentException(task);
            };
            String input = adjusted(Events.read(sampleName(task)), world, found, now);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, null);
            JsonNode progress = Json.mapper().readTree(out.toByteArray()).path("progress");
            if (task.equals("Credentials")) {
                String secretArn = progress.path("secretArn").asText();
                found.put("secretArn", secretArn);
                DatabaseSecret secret = DatabaseSecret.parse(secrets.apply(RECOVERY_REGION)
                        .getSecretValue(r -> r.secretId(secretArn)).secretString(), secretArn);
                // RDS applies the password ModifyDBInstance set; the stand-in's role gets it as RDS would
                standIn.execute("postgres", "ALTER ROLE \"" + secret.username() + "\" PASSWORD '"
                        + secret.password().replace("'", "''") + "'");
            }
            if (task.equals("Verify")) {
                found.put("verification", Json.mapper().writeValueAsString(progress.path("verification")));
            }
        }
    }

    /** A sample moved to now, with what moto and the stand-in decide substituted. */
    private String adjusted(String sample, World world, Map<String, String> found, Instant now) throws IOException {
        String event = Timelines.moved(sample, latestMoment(sample), now.minusSeconds(1));
        event = Events.with(event, "restore.kmsKeyId", world.kmsKey());
        event = Events.with(event, "restore.securityGroupIds", List.of(world.securityGroup()));
        JsonNode progress = Json.mapper().readTree(event).path("progress");
        if (progress.has("endpoint")) {
            event = Events.with(event, "progress.endpoint.host", "localhost");
            event = Events.with(event, "progress.endpoint.port", standIn.cluster().port());
            event = Events.with(event, "progress.endpoint.username", "postgres");
        }
        if (progress.has("secretArn") && found.containsKey("secretArn")) {
            event = Events.with(event, "progress.secretArn", found.get("secretArn"));
        }
        if (progress.has("verification") && found.containsKey("verification")) {
            event = Events.with(event, "progress.verification", Json.mapper().readTree(found.get("verification")));
        }
        return event;
    }

    /** The sample's last recorded moment: its newest phase mark, else when the drill started. */
    private static Instant latestMoment(String sample) throws IOException {
        JsonNode root = Json.mapper().readTree(sample);
        List<Instant> moments = new ArrayList<>();
        moments.add(Instant.parse(root.path("startedAt").asText()));
        for (JsonNode mark : root.path("progress").path("phases")) {
            for (String field : List.of("start", "end")) {
                if (mark.hasNonNull(field)) {
                    moments.add(Instant.parse(mark.get(field).asText()));
                }
            }
        }
        return moments.stream().max(Instant::compareTo).orElseThrow();
    }
}
