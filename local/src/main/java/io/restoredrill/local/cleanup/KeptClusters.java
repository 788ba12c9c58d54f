package io.restoredrill.local.cleanup;

import io.restoredrill.core.postgres.OsUser;
import io.restoredrill.core.postgres.ThrowawayCluster;
import io.restoredrill.local.DrillOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A restored cluster left running by {@code --keep}: its password goes into a 0600 pgpass file,
 * never onto the terminal, and the commands to connect and to stop it are printed instead.
 */
public final class KeptClusters {

    private KeptClusters() {
    }

    public static DrillOutcome.KeptCluster describe(ThrowawayCluster cluster, String database, Path workDir) {
        Path pgpass = workDir.resolve("pgpass");
        try {
            Files.createFile(pgpass, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(pgpass, "127.0.0.1:" + cluster.port() + ":*:" + cluster.user() + ":"
                    + cluster.password() + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String connect = "PGPASSFILE=" + pgpass + " psql -h 127.0.0.1 -p " + cluster.port() + " -U "
                + cluster.user() + " " + database;
        String stop = (OsUser.isRoot() ? "runuser -u " + OsUser.POSTGRES + " -- " : "")
                + cluster.binaries().program("pg_ctl") + " stop -D " + cluster.dataDir() + " -m fast && rm -rf " + workDir;
        return new DrillOutcome.KeptCluster(connect, stop);
    }
}
