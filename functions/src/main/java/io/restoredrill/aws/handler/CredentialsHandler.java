package io.restoredrill.aws.handler;

import io.restoredrill.aws.clients.AwsClients;
import io.restoredrill.aws.credentials.CredentialsStep;
import io.restoredrill.aws.credentials.SecretGuard;
import java.time.Clock;

/** The Credentials task: a fresh master password for the restored database, kept only in the drill's secret; adds {@code progress.secretArn}. */
public final class CredentialsHandler extends StateHandler {

    /** Used by the Lambda runtime: real clients, built once per container. */
    public CredentialsHandler() {
        this(new CredentialsStep(AwsClients.rds(), AwsClients.secretsManager(), SecretGuard.fromEnvironment(System.getenv()),
                Clock.systemUTC()));
    }

    public CredentialsHandler(CredentialsStep step) {
        super(step::credentials);
    }
}
