package io.restoredrill.aws.handler;

import io.restoredrill.aws.clients.AwsClients;
import io.restoredrill.aws.verify.RdsCaBundle;
import io.restoredrill.aws.verify.VerifyStep;
import io.restoredrill.core.deployment.FunctionEnvironment;
import java.time.Clock;
import java.time.Instant;

/**
 * The Verify task: runs the verification suite against the restored database over verify-full TLS
 * and stores the full result in the evidence bucket ({@code EVIDENCE_BUCKET}); adds
 * {@code progress.verification}. {@code RDS_CA_BUNDLE} replaces the shipped Amazon RDS CA bundle.
 * A verification longer than the invocation runs on in the next ({@code progress.poll.ready = false}).
 */
public final class VerifyHandler extends StateHandler {

    /** Used by the Lambda runtime: real clients, built once per container. */
    public VerifyHandler() {
        this(new VerifyStep(AwsClients.secretsManager(), AwsClients.s3(), System.getenv(FunctionEnvironment.EVIDENCE_BUCKET),
                RdsCaBundle.fromEnvironment(System.getenv()), Clock.systemUTC()));
    }

    public VerifyHandler(VerifyStep step) {
        super((state, context) -> step.verify(state, context == null ? null
                : Instant.now().plusMillis(context.getRemainingTimeInMillis())));
    }
}
