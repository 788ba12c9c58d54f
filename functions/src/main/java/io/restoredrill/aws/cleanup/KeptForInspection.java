package io.restoredrill.aws.cleanup;

import io.restoredrill.aws.rds.DrillResource;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.state.RestoredEndpoint;
import java.util.List;

/**
 * What a drill kept for inspection leaves, until when, and how to reach it: from the verifier's security group only
 * (the restored copy's security group admits nothing else), with the password from the drill's secret.
 */
final class KeptForInspection {

    private KeptForInspection() {
    }

    static String describe(DrillState state, List<DrillResource> kept) {
        StringBuilder text = new StringBuilder("Kept for inspection until ").append(state.expiresAt())
                .append(" (then the Janitor removes them): ")
                .append(String.join(", ", kept.stream().map(DrillResource::describe).toList())).append(".");
        RestoredEndpoint endpoint = state.progress().endpoint();
        if (endpoint != null) {
            text.append(" Connect from the verifier's security group (").append(String.join(", ",
                    state.restore().securityGroupIds())).append(" admits only it): psql \"host=").append(endpoint.host())
                    .append(" port=").append(endpoint.port()).append(" dbname=").append(state.database())
                    .append(" user=").append(endpoint.username())
                    .append(" sslmode=verify-full sslrootcert=global-bundle.pem\" (the Amazon RDS CA bundle)");
            if (state.progress().secretArn() != null) {
                text.append(", the password from aws secretsmanager get-secret-value --secret-id ")
                        .append(state.progress().secretArn());
            }
            text.append(".");
        }
        return text.toString();
    }
}
