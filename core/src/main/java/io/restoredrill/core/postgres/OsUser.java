package io.restoredrill.core.postgres;

import com.sun.security.auth.module.UnixSystem;
import io.restoredrill.core.error.EnvironmentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

/**
 * PostgreSQL's server refuses to run as root; when the drill runs as root, the servers it starts
 * run as the {@code postgres} user, which must own their data directories.
 */
public final class OsUser {

    public static final String POSTGRES = "postgres";

    private OsUser() {
    }

    public static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }

    /** Runs server programs as the right user: postgres when we are root, else ourselves. */
    public static ProcessRunner serverRunner() {
        return isRoot() ? ProcessRunner.asUser(POSTGRES) : ProcessRunner.asCurrentUser();
    }

    /**
     * Fails with a clear sentence when the server user could not reach {@code dir} because a
     * parent directory is not searchable by others (a no-op unless root).
     *
     * @param setting what chooses the directory, for the message: an engine's option (the local drill's
     *                {@code --work-dir}) or the caller
     */
    public static void requireReachableByServerUser(Path dir, String setting) {
        if (!isRoot()) {
            return;
        }
        for (Path ancestor = dir.toAbsolutePath().getParent(); ancestor != null; ancestor = ancestor.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(ancestor).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new EnvironmentException("Running as root, the drill starts PostgreSQL as the '" + POSTGRES
                            + "' user, which cannot reach " + dir + " because " + ancestor
                            + " is not searchable by other users; give " + setting + " a directory it can reach, such as /tmp.");
                }
            } catch (IOException e) {
                throw new EnvironmentException("Cannot read the permissions of " + ancestor + ": " + e.getMessage() + ".", e);
            }
        }
    }

    /** Hands a path we created to the user the server runs as (a no-op unless root). */
    public static void giveToServerUser(Path path) {
        if (!isRoot()) {
            return;
        }
        try {
            UserPrincipal postgres = path.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(POSTGRES);
            Files.setOwner(path, postgres);
        } catch (IOException e) {
            throw new EnvironmentException("Running as root, the drill starts PostgreSQL as the '" + POSTGRES
                    + "' user, which cannot be used here (" + e.getMessage()
                    + "); create it (apt-get install -y postgresql creates it) or run as a regular user.", e);
        }
    }

    /** Creates {@code dir} (and its parents), readable by its owner only, and hands it to the server user. */
    public static Path createPrivateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        giveToServerUser(dir);
        return dir;
    }

    /** Writes {@code text} to {@code file}, readable by its owner only, and hands it to the server user. */
    public static Path writePrivateFile(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        giveToServerUser(file);
        return file;
    }
}
