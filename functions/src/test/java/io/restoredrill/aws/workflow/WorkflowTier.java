package io.restoredrill.aws.workflow;

import io.restoredrill.aws.testing.TestCa;
import io.restoredrill.testing.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * What every workflow test class starts once and shares: the test CA, the PostgreSQL (TLS, certificate for
 * localhost) that stands in for the restored database, the loopback Lambda endpoint the Tasks are served
 * on, and aws-local-stepfunctions to run a definition.
 */
final class WorkflowTier implements AutoCloseable {

    final TestCa ca;
    final PostgresFixture restoredStandIn;
    final LambdaEndpoint lambda;
    final LocalExecution local;

    private WorkflowTier(TestCa ca, PostgresFixture restoredStandIn, LambdaEndpoint lambda, LocalExecution local) {
        this.ca = ca;
        this.restoredStandIn = restoredStandIn;
        this.lambda = lambda;
        this.local = local;
    }

    /** @param standIn starts the restored database's stand-in with the CA's certificate for localhost, and fills it */
    static WorkflowTier start(Path workDir, Function<TestCa, PostgresFixture> standIn) throws Exception {
        NodeTools tools = NodeTools.require();
        TestCa ca = TestCa.create(Files.createDirectories(workDir.resolve("ca")));
        PostgresFixture restored = standIn.apply(ca);
        LambdaEndpoint lambda = new LambdaEndpoint();
        return new WorkflowTier(ca, restored, lambda, new LocalExecution(tools, lambda.uri(), workDir));
    }

    @Override
    public void close() {
        lambda.close();
        restoredStandIn.close();
    }
}
