package io.restoredrill.local.copy;

import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.local.files.FileTree;
import io.restoredrill.core.error.IoReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** Checks shared by every recovery location: snapshot names, source directories, target directories. */
final class CopyInputs {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private CopyInputs() {
    }

    static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("Snapshot name '" + name + "' is not valid; use up to 200 letters, digits,"
                    + " '.', '_' and '-', starting with a letter or digit.");
        }
    }

    /** The regular files of a snapshot directory that is about to be copied. */
    static List<String> snapshotFiles(Path snapshotDir) {
        if (snapshotDir == null || !Files.isDirectory(snapshotDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException("Snapshot directory " + snapshotDir + " does not exist or is not a"
                    + " directory; give the directory that holds the dump.");
        }
        List<String> files;
        try {
            files = FileTree.regularFiles(snapshotDir);
        } catch (IOException e) {
            throw new CopyFailedException("Cannot list snapshot directory " + snapshotDir + " (" + IoReason.of(e)
                    + "); check its permissions.", e);
        }
        if (files.isEmpty()) {
            throw new InvalidInputException("Snapshot directory " + snapshotDir + " holds no files;"
                    + " give the directory that holds the dump.");
        }
        return files;
    }

    /** Creates {@code targetDir} when absent; refuses one that already holds something. */
    static void prepareTarget(Path targetDir) {
        try {
            if (!FileTree.isAbsentOrEmpty(targetDir)) {
                throw new InvalidInputException("Target directory " + targetDir + " is not empty;"
                        + " copy the snapshot into a new or empty directory.");
            }
            Files.createDirectories(targetDir);
        } catch (IOException e) {
            throw new CopyFailedException("Cannot create target directory " + targetDir + " (" + IoReason.of(e)
                    + "); check its parent's permissions.", e);
        }
    }
}
