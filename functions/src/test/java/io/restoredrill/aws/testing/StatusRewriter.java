package io.restoredrill.aws.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;

/**
 * moto reports every snapshot and database "available" at once, so the states a real RDS passes
 * through (creating, failed, ...) never reach the code. This interceptor rewrites the status in
 * moto's real Describe* answers with the next queued word, one answer at a time; with the queue
 * empty the answers pass unchanged.
 */
public final class StatusRewriter implements ExecutionInterceptor {

    private final Deque<String> statuses = new ArrayDeque<>();

    public synchronized StatusRewriter then(String... next) {
        statuses.addAll(java.util.List.of(next));
        return this;
    }

    @Override
    public synchronized SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        SdkResponse response = context.response();
        if (statuses.isEmpty()) {
            return response;
        }
        if (response instanceof DescribeDbSnapshotsResponse r && !r.dbSnapshots().isEmpty()) {
            String status = statuses.poll();
            return r.toBuilder().dbSnapshots(r.dbSnapshots().stream()
                    .map(s -> s.toBuilder().status(status).build()).toArray(DBSnapshot[]::new)).build();
        }
        if (response instanceof DescribeDbClusterSnapshotsResponse r && !r.dbClusterSnapshots().isEmpty()) {
            String status = statuses.poll();
            return r.toBuilder().dbClusterSnapshots(r.dbClusterSnapshots().stream()
                    .map(s -> s.toBuilder().status(status).build()).toArray(DBClusterSnapshot[]::new)).build();
        }
        if (response instanceof DescribeDbInstancesResponse r && !r.dbInstances().isEmpty()) {
            String status = statuses.poll();
            return r.toBuilder().dbInstances(r.dbInstances().stream()
                    .map(i -> i.toBuilder().dbInstanceStatus(status).build()).toArray(DBInstance[]::new)).build();
        }
        if (response instanceof DescribeDbClustersResponse r && !r.dbClusters().isEmpty()) {
            String status = statuses.poll();
            return r.toBuilder().dbClusters(r.dbClusters().stream()
                    .map(c -> c.toBuilder().status(status).build()).toArray(DBCluster[]::new)).build();
        }
        return response;
    }
}
