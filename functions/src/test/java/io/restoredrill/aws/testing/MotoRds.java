package io.restoredrill.aws.testing;

import io.restoredrill.testing.MotoServer;
import io.restoredrill.testing.PostgresFixture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * SDK clients per region, pointed at the moto server (all regions live in one moto process). As a
 * function it gives RDS clients; {@link #secrets()}, {@link #s3()}, {@link #sns()} and {@link #backup()} give the others.
 */
public final class MotoRds implements Function<String, RdsClient>, AutoCloseable {

    private final MotoServer moto;
    private final List<ExecutionInterceptor> interceptors;
    private final AwsCredentialsProvider credentials;
    private final Map<String, SdkClient> clients = new HashMap<>();
    private final List<MotoRds> functions = new ArrayList<>();

    /**
     * The test's own clients: they sign with whatever moto accepts at the time ({@link MotoServer#callerKeys}).
     *
     * @param interceptors see (or rewrite) the exact requests and responses of the code under test
     */
    public MotoRds(MotoServer moto, ExecutionInterceptor... interceptors) {
        this(moto, List.of(interceptors), () -> DeployedRoles.keys(moto.callerKeys()).resolveCredentials());
    }

    private MotoRds(MotoServer moto, List<ExecutionInterceptor> interceptors, AwsCredentialsProvider credentials) {
        this.moto = moto;
        this.interceptors = List.copyOf(interceptors);
        this.credentials = credentials;
    }

    /**
     * The clients one function has as deployed: its role's credentials, each call authorized against its
     * synthesized policy and recorded ({@link DeployedRoles}), then seen by this object's interceptors.
     */
    public synchronized MotoRds as(DeployedRoles roles, String function) {
        List<ExecutionInterceptor> all = new ArrayList<>();
        all.add(roles.authorizer(function));
        all.addAll(interceptors);
        MotoRds clients = new MotoRds(moto, all, roles.credentials(function));
        functions.add(clients);
        return clients;
    }

    /** What sees (or rewrites) this object's requests, in order. */
    List<ExecutionInterceptor> interceptors() {
        return interceptors;
    }

    @Override
    public RdsClient apply(String region) {
        return client(RdsClient.builder(), region);
    }

    public Function<String, SecretsManagerClient> secrets() {
        return region -> client(SecretsManagerClient.builder(), region);
    }

    public Function<String, S3Client> s3() {
        return region -> client(S3Client.builder().forcePathStyle(true), region);
    }

    public Function<String, BackupClient> backup() {
        return region -> client(BackupClient.builder(), region);
    }

    public Function<String, SnsClient> sns() {
        return region -> client(SnsClient.builder(), region);
    }

    public Function<String, SfnClient> stepFunctions() {
        return region -> client(SfnClient.builder(), region);
    }

    @SuppressWarnings("unchecked")
    private synchronized <B extends AwsClientBuilder<B, C>, C extends SdkClient> C client(B builder, String region) {
        String key = builder.getClass().getName() + "/" + region;
        return (C) clients.computeIfAbsent(key, k -> builder.region(Region.of(region))
                .endpointOverride(moto.endpoint())
                .overrideConfiguration(c -> c.executionInterceptors(new ArrayList<>(interceptors)))
                .credentialsProvider(credentials)
                .build());
    }

    /** Creates a KMS key in the region (moto refuses copies to keys it does not know) and returns its ARN. */
    public String createKmsKey(String region) {
        try (KmsClient kms = KmsClient.builder().region(Region.of(region)).endpointOverride(moto.endpoint())
                .credentialsProvider(credentials).build()) {
            return kms.createKey(r -> r.description("restore-drill test key")).keyMetadata().arn();
        }
    }

    /**
     * The recovery-region stack's isolated network on the emulator: a VPC with two subnets, the DB
     * subnet group {@code restore-drill-isolated}, and the restored database's security group.
     *
     * @return the security group's id
     */
    public String createIsolatedNetwork(String region) {
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.of(region)).endpointOverride(moto.endpoint())
                .credentialsProvider(credentials).build()) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.42.0.0/16")).vpc().vpcId();
            String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.42.1.0/24").availabilityZone(region + "a"))
                    .subnet().subnetId();
            String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.42.2.0/24").availabilityZone(region + "b"))
                    .subnet().subnetId();
            String sg = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("restored-db").description("verifier only"))
                    .groupId();
            apply(region).createDBSubnetGroup(r -> r.dbSubnetGroupName("restore-drill-isolated")
                    .dbSubnetGroupDescription("isolated").subnetIds(a, b));
            return sg;
        }
    }

    public void createPostgresInstance(String region, String id) {
        apply(region).createDBInstance(r -> r.dbInstanceIdentifier(id).engine("postgres").engineVersion(PostgresFixture.engineVersion()).dbInstanceClass("db.t4g.medium")
                .masterUsername("admin").masterUserPassword("not-used-1").allocatedStorage(20));
    }

    @Override
    public synchronized void close() {
        functions.forEach(MotoRds::close);
        functions.clear();
        clients.values().forEach(SdkClient::close);
        clients.clear();
    }
}
