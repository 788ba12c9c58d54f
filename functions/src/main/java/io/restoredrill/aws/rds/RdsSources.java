package io.restoredrill.aws.rds;

import io.restoredrill.aws.drill.SourceKind;
import io.restoredrill.aws.drill.SourceRef;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.SourceNotFoundException;
import io.restoredrill.core.error.UnsupportedEngineException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/** Finds the source database in its region and checks it is PostgreSQL. */
public final class RdsSources {

    static final String RDS_POSTGRES = "postgres";
    static final String AURORA_POSTGRES = "aurora-postgresql";

    private RdsSources() {
    }

    /**
     * @throws SourceNotFoundException    when neither an instance nor a cluster has that identifier
     * @throws UnsupportedEngineException when it is not PostgreSQL
     * @throws InvalidInputException      when it names an instance of an Aurora cluster instead of the cluster
     */
    public static SourceRef resolve(RdsClient rds, String identifier, String region) {
        try {
            DBInstance instance = rds.describeDBInstances(r -> r.dbInstanceIdentifier(identifier)).dbInstances().get(0);
            if (instance.dbClusterIdentifier() != null) {
                throw new InvalidInputException("Source '" + identifier + "' is an instance of Aurora cluster '"
                        + instance.dbClusterIdentifier() + "'; drill the cluster: set 'source' to '"
                        + instance.dbClusterIdentifier() + "'.");
            }
            requirePostgres(identifier, region, instance.engine(), RDS_POSTGRES);
            return new SourceRef(identifier, SourceKind.INSTANCE, instance.dbInstanceArn(), instance.engine(),
                    instance.engineVersion(), instance.dbName());
        } catch (DbInstanceNotFoundException notAnInstance) {
            try {
                DBCluster cluster = rds.describeDBClusters(r -> r.dbClusterIdentifier(identifier)).dbClusters().get(0);
                requirePostgres(identifier, region, cluster.engine(), AURORA_POSTGRES);
                return new SourceRef(identifier, SourceKind.CLUSTER, cluster.dbClusterArn(), cluster.engine(),
                        cluster.engineVersion(), cluster.databaseName());
            } catch (DbClusterNotFoundException notACluster) {
                throw new SourceNotFoundException("No RDS DB instance or Aurora cluster named '" + identifier + "' in "
                        + region + "; check 'source' and 'sourceRegion'.", notACluster);
            }
        }
    }

    private static void requirePostgres(String identifier, String region, String engine, String expected) {
        if (!expected.equals(engine)) {
            throw new UnsupportedEngineException("Source '" + identifier + "' in " + region + " runs engine '" + engine
                    + "'; Restore Drill drills RDS for PostgreSQL ('postgres') and Aurora PostgreSQL ('aurora-postgresql') only.");
        }
    }
}
