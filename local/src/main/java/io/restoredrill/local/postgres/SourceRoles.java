package io.restoredrill.local.postgres;

import com.fasterxml.jackson.core.type.TypeReference;
import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.error.SnapshotFailedException;
import io.restoredrill.core.json.Json;
import io.restoredrill.core.postgres.Queries;
import io.restoredrill.core.postgres.ThrowawayCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The source's roles, kept with its dump so that the copy can be restored with its owners and privileges: names,
 * whether each inherits, and who is a member of whom. Never a password, and never an attribute that gives power
 * (superuser, login, replication, bypassing row security): in the throwaway cluster they are names that own and
 * are granted things, nothing more.
 */
public record SourceRoles(List<Role> roles, List<Membership> memberships) {

    /** The file beside the dump's own files; pg_restore ignores it. */
    public static final String FILE = "restore-drill-roles.json";

    public record Role(String name, boolean inherit) {
    }

    public record Membership(String role, String member, boolean admin) {
    }

    /** Reads the roles of the source's cluster (the predefined {@code pg_*} roles exist everywhere and are left out). */
    public static SourceRoles read(Connection source) {
        try {
            List<Role> roles = new ArrayList<>();
            Queries.forEachRow(source, "SELECT rolname, rolinherit FROM pg_roles WHERE rolname !~ '^pg_' ORDER BY 1",
                    rows -> roles.add(new Role(rows.getString(1), rows.getBoolean(2))));
            List<Membership> memberships = new ArrayList<>();
            Queries.forEachRow(source, "SELECT r.rolname, m.rolname, a.admin_option FROM pg_auth_members a "
                            + "JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member "
                            + "WHERE r.rolname !~ '^pg_' AND m.rolname !~ '^pg_' ORDER BY 1, 2",
                    rows -> memberships.add(new Membership(rows.getString(1), rows.getString(2), rows.getBoolean(3))));
            return new SourceRoles(roles, memberships);
        } catch (SQLException e) {
            throw new SnapshotFailedException("Cannot read the source's roles: " + e.getMessage() + ".", e);
        }
    }

    public void write(Path dumpDir) {
        try {
            Json.mapper().writeValue(dumpDir.resolve(FILE).toFile(), this);
        } catch (IOException e) {
            throw new SnapshotFailedException("Cannot write the source's roles beside the dump: " + e.getMessage() + ".", e);
        }
    }

    /** The roles kept with a dump, or {@code null} for a dump made without them. */
    public static SourceRoles readFrom(Path dumpDir) {
        Path file = dumpDir.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return Json.mapper().readValue(file.toFile(), new TypeReference<SourceRoles>() { });
        } catch (IOException e) {
            throw new RestoreFailedException("The roles kept with the dump (" + FILE + ") cannot be read: "
                    + e.getMessage().lines().findFirst().orElse("") + ".", e);
        }
    }

    /**
     * Creates the roles the target does not have, without login or any power, and their memberships. A role that
     * already exists there (the cluster's own superuser) is left as it is.
     */
    public void createIn(ThrowawayCluster target) {
        try (Connection connection = target.connect("postgres")) {
            for (Role role : roles) {
                if (Queries.exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", role.name())) {
                    continue;
                }
                execute(connection, quoted(connection, "CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                        + "NOREPLICATION NOBYPASSRLS " + (role.inherit() ? "INHERIT" : "NOINHERIT"), role.name()));
            }
            for (Membership membership : memberships) {
                if (membership.member().equals(ThrowawayCluster.SUPERUSER)) {
                    continue;
                }
                execute(connection, quoted(connection, "GRANT %I TO %I" + (membership.admin() ? " WITH ADMIN OPTION" : ""),
                        membership.role(), membership.member()));
            }
        } catch (SQLException e) {
            throw new RestoreFailedException("Cannot create the source's roles in the restored cluster: "
                    + e.getMessage() + ".", e);
        }
    }

    /** The statement with its role names quoted by the server ({@code format('%I')}), as no name is trusted. */
    private static String quoted(Connection connection, String template, String... names) throws SQLException {
        String[] arguments = new String[names.length + 1];
        arguments[0] = template;
        System.arraycopy(names, 0, arguments, 1, names.length);
        return Queries.scalar(connection, "SELECT format(?" + ", ?".repeat(names.length) + ")", arguments);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

}
