package io.restoredrill.aws.testing;

import io.restoredrill.testing.MotoServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;

/** RDS clients per region, pointed at the moto server; all regions live in one moto process. */
public final class MotoRds implements Function<String, RdsClient>, AutoCloseable {

    private final MotoServer moto;
    private final List<ExecutionInterceptor> interceptors;
    private final Map<String, RdsClient> clients = new HashMap<>();

    /** @param interceptors see the exact requests the code under test sends */
    public MotoRds(MotoServer moto, ExecutionInterceptor... interceptors) {
        this.moto = moto;
        this.interceptors = List.of(interceptors);
    }

    @Override
    public RdsClient apply(String region) {
        return clients.computeIfAbsent(region, r -> RdsClient.builder().region(Region.of(r))
                .endpointOverride(moto.endpoint())
                .overrideConfiguration(c -> c.executionInterceptors(interceptors))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY)))
                .build());
    }

    /** Creates a KMS key in the region (moto refuses copies to keys it does not know) and returns its ARN. */
    public String createKmsKey(String region) {
        try (KmsClient kms = KmsClient.builder().region(Region.of(region)).endpointOverride(moto.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY))).build()) {
            return kms.createKey(r -> r.description("restore-drill test key")).keyMetadata().arn();
        }
    }

    public void createPostgresInstance(String region, String id) {
        apply(region).createDBInstance(r -> r.dbInstanceIdentifier(id).engine("postgres").dbInstanceClass("db.t4g.medium")
                .masterUsername("admin").masterUserPassword("not-used-1").allocatedStorage(20));
    }

    @Override
    public void close() {
        clients.values().forEach(RdsClient::close);
        clients.clear();
    }
}
