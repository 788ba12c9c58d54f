package io.restoredrill.local.state;

import io.restoredrill.core.error.EnvironmentException;
import io.restoredrill.core.postgres.ThrowawayCluster;
import io.restoredrill.core.postgres.WorkDirs;
import io.restoredrill.local.LocalDrillOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The drill's private temporary directory and the clusters running from it. Releasing it stops
 * every cluster and deletes the directory; it is safe to call twice and from a shutdown hook.
 */
public final class Workspace {

    private final Path root;
    private final List<ThrowawayCluster> clusters = new ArrayList<>();
    private boolean released;

    private Workspace(Path root) {
        this.root = root;
    }

    /**
     * The root is traversable by the server user (it must reach the cluster directories), so the
     * dump, its copies and decrypted files live in a {@code private} directory only we can read.
     */
    public static Workspace create(Path parent, String drillId) {
        Path root = WorkDirs.create(parent, drillId, LocalDrillOptions.WORK_DIR);
        try {
            Files.createDirectory(root.resolve("private"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new EnvironmentException("Cannot create a private directory in " + root + ": " + e.getMessage() + ".", e);
        }
        return new Workspace(root);
    }

    public Path root() {
        return root;
    }

    /** Only the drill can read it: the dump, its copies and decrypted backups live here. */
    public Path privateDir() {
        return root.resolve("private");
    }

    public Path sourceData() {
        return root.resolve("source-data");
    }

    public Path dump() {
        return privateDir().resolve("dump");
    }

    public Path encrypted() {
        return privateDir().resolve("encrypted");
    }

    public Path recovery() {
        return privateDir().resolve("recovery");
    }

    public Path fetched() {
        return privateDir().resolve("fetched");
    }

    public Path decrypted() {
        return privateDir().resolve("decrypted");
    }

    public Path restoreList() {
        return privateDir().resolve("restore.list");
    }

    public Path restoreData() {
        return root.resolve("restore-data");
    }

    public synchronized ThrowawayCluster track(ThrowawayCluster cluster) {
        clusters.add(cluster);
        return cluster;
    }

    /**
     * Removes a file or tree of the drill's as soon as it has served, so the disk holds one form of the dump at a
     * time; what cannot be removed now goes with {@link #release}.
     */
    public void discard(Path path) {
        try {
            WorkDirs.deleteRecursively(path);
        } catch (IOException e) {
            // release removes whatever is left
        }
    }

    /**
     * The cluster started last in {@link #restoreData()}: the restored copy, however far its restore came (a physical
     * backup's copy is started twice: to replay its WAL, then to be verified).
     */
    public synchronized Optional<ThrowawayCluster> restoreCluster() {
        return clusters.stream().filter(cluster -> cluster.dataDir().equals(restoreData())).reduce((first, last) -> last);
    }

    /**
     * Stops the clusters and deletes the directory.
     *
     * @param keep a cluster to leave running, with its data directory, or {@code null}
     * @return what could not be removed, empty when everything was
     */
    public synchronized List<String> release(ThrowawayCluster keep) {
        if (released) {
            return List.of();
        }
        released = true;
        List<String> leftovers = new ArrayList<>();
        for (ThrowawayCluster cluster : clusters) {
            if (cluster == keep) {
                continue;
            }
            try {
                cluster.close();
            } catch (RuntimeException e) {
                leftovers.add("cluster in " + cluster.dataDir() + " (" + e.getMessage() + ")");
            }
        }
        try {
            if (keep == null) {
                WorkDirs.deleteRecursively(root);
            } else {
                try (Stream<Path> children = Files.list(root)) {
                    for (Path child : children.toList()) {
                        if (!child.equals(keep.dataDir())) {
                            WorkDirs.deleteRecursively(child);
                        }
                    }
                }
            }
        } catch (IOException e) {
            leftovers.add(root + " (" + e.getMessage() + ")");
        }
        return leftovers;
    }
}
