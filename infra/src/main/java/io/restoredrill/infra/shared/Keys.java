package io.restoredrill.infra.shared;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/** Customer-managed KMS keys: yearly rotation on, kept when the stack is deleted (what they encrypt may outlive it). */
public final class Keys {

    private Keys() {
    }

    public static Key rotating(Construct scope, String id, String alias, String description) {
        return Key.Builder.create(scope, id)
                .alias(alias)
                .description(description)
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }
}
