package io.restoredrill.aws.state;

/**
 * Where the restored database answers, inside the isolated VPC.
 *
 * @param arn      the restored instance, or the restored Aurora cluster
 * @param username the master user name the restored copy inherited from its source
 */
public record RestoredEndpoint(String arn, String host, int port, String username) {
}
