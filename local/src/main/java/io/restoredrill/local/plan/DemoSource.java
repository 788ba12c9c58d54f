package io.restoredrill.local.plan;

import io.restoredrill.core.error.EnvironmentException;
import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.postgres.ThrowawayCluster;
import io.restoredrill.core.verify.suite.SuiteLoader;
import io.restoredrill.core.verify.suite.VerificationSuite;
import io.restoredrill.local.postgres.SourceDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/** The embedded default's source: a throwaway cluster holding the generated demo shop. */
public final class DemoSource {

    public static final String DATABASE = "demo_shop";
    public static final String NAME = "demo";

    private DemoSource() {
    }

    public static ThrowawayCluster start(PgBinaries binaries, Path dataDir, Instant deadline) {
        ThrowawayCluster cluster = ThrowawayCluster.start(binaries, dataDir, deadline);
        try (Connection connection = cluster.connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            cluster.close();
            throw new EnvironmentException("Cannot create the demo database: " + e.getMessage() + ".", e);
        }
        try (Connection connection = cluster.connect(DATABASE); Statement statement = connection.createStatement()) {
            statement.execute(resource("/demo/dataset.sql"));
        } catch (SQLException e) {
            cluster.close();
            throw new EnvironmentException("Cannot load the demo dataset: " + e.getMessage() + ".", e);
        }
        return cluster;
    }

    /** The suite the demo drill runs, shipped as an example of the format. */
    public static VerificationSuite suite() {
        return SuiteLoader.parse(resource("/demo/suite.yaml"), "the demo suite");
    }

    public static SourceDatabase database(ThrowawayCluster cluster) {
        return new SourceDatabase("127.0.0.1", cluster.port(), DATABASE, ThrowawayCluster.SUPERUSER,
                cluster.password(), "disable", "the demo cluster");
    }

    public static String resource(String name) {
        try (InputStream in = DemoSource.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
