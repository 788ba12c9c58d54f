package io.restoredrill.local.files;

import io.restoredrill.core.postgres.WorkDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The regular files of a directory tree, named by '/'-separated paths relative to its root. */
public final class FileTree {

    private static final Pattern UNSAFE_SEGMENT = Pattern.compile("^(|\\.|\\.\\.)$");

    private FileTree() {
    }

    /** Every regular file under {@code dir}, sorted; symbolic links and other special files are left out. */
    public static List<String> regularFiles(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
                    .map(path -> relative(dir, path))
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    public static String relative(Path dir, Path file) {
        return StreamSupport.stream(dir.relativize(file).spliterator(), false)
                .map(Path::toString)
                .collect(Collectors.joining("/"));
    }

    /** Whether {@code relative} stays inside the directory it is resolved against: no absolute path, no '..'. */
    public static boolean isSafeRelative(String relative) {
        if (relative == null || relative.isEmpty() || relative.indexOf('\\') >= 0 || relative.indexOf('\0') >= 0) {
            return false;
        }
        for (String segment : relative.split("/", -1)) {
            if (UNSAFE_SEGMENT.matcher(segment).matches()) {
                return false;
            }
        }
        return true;
    }

    public static Path resolve(Path dir, String relative) {
        if (!isSafeRelative(relative)) {
            throw new IllegalArgumentException("unsafe relative path");
        }
        return dir.resolve(relative);
    }

    public static boolean isAbsentOrEmpty(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    /** Deletes everything inside {@code dir}, keeping {@code dir} itself. */
    public static void deleteContents(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    WorkDirs.deleteRecursively(entry);
                } else {
                    Files.delete(entry);
                }
            }
        }
    }

    /**
     * Runs {@code work}, which fills {@code outputDir} (empty before); when it fails, empties {@code outputDir}
     * again so that no partial result looks usable, and rethrows the failure.
     */
    public static void emptiedOnFailure(Path outputDir, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            try {
                deleteContents(outputDir);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Copies every regular file of {@code from} to the same relative path under {@code to}. */
    public static void copy(Path from, Path to, List<String> files) throws IOException {
        for (String file : files) {
            Path target = resolve(to, file);
            Files.createDirectories(target.getParent());
            Files.copy(resolve(from, file), target);
        }
    }
}
