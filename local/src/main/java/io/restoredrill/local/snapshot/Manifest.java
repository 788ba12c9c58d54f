package io.restoredrill.local.snapshot;

import io.restoredrill.core.error.ChecksumMismatchException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.SnapshotFailedException;
import io.restoredrill.local.files.FileTree;
import io.restoredrill.core.error.IoReason;
import io.restoredrill.local.files.ParallelTasks;
import io.restoredrill.local.files.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SHA-256 of every regular file of a snapshot directory, kept in that directory as
 * {@value #FILE_NAME} in {@code sha256sum} format, so {@code sha256sum -c MANIFEST.sha256} checks it too.
 * The first line is a comment that {@code sha256sum} skips: {@code # restore-drill manifest: N files, M bytes}.
 *
 * @param entries    one per file, sorted by path
 * @param totalBytes the size of all files together
 */
public record Manifest(List<Entry> entries, long totalBytes) {

    public static final String FILE_NAME = "MANIFEST.sha256";

    private static final Pattern HEADER = Pattern.compile("# restore-drill manifest: (\\d+) files, (\\d+) bytes");
    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64}) [ *](.+)");

    /** @param path '/'-separated, relative to the snapshot directory; @param sha256 lowercase hex */
    public record Entry(String path, String sha256) {
    }

    public Manifest {
        entries = entries.stream().sorted(Comparator.comparing(Entry::path)).toList();
        Set<String> seen = new HashSet<>();
        for (Entry entry : entries) {
            if (!seen.add(entry.path())) {
                throw new IllegalArgumentException("duplicate manifest entry " + entry.path());
            }
        }
    }

    /** Hashes every regular file of {@code dir} except an existing {@value #FILE_NAME}, several files at a time. */
    public static Manifest create(Path dir) {
        requireDirectory(dir);
        List<String> files = listFiles(dir, e -> new SnapshotFailedException("Cannot list the snapshot directory "
                + dir + " (" + IoReason.of(e) + "); check that it exists and is readable.", e));
        for (String file : files) {
            if (file.indexOf('\n') >= 0 || file.indexOf('\r') >= 0 || file.indexOf('\\') >= 0) {
                throw new InvalidInputException("File name '" + file.replace("\n", "\\n").replace("\r", "\\r")
                        + "' in " + dir + " contains a newline or backslash, which a sha256sum manifest cannot"
                        + " hold; rename the file.");
            }
        }
        List<Sha256.Digest> digests = ParallelTasks.map(files, ParallelTasks.perProcessor(), file -> {
            try {
                return Sha256.of(dir.resolve(file));
            } catch (IOException e) {
                throw new SnapshotFailedException("Cannot read " + file + " in " + dir + " to hash it ("
                        + IoReason.of(e) + "); check the file's permissions and the disk.", e);
            }
        });
        List<Entry> entries = new ArrayList<>(files.size());
        long total = 0;
        for (int i = 0; i < files.size(); i++) {
            entries.add(new Entry(files.get(i), digests.get(i).hex()));
            total += digests.get(i).size();
        }
        return new Manifest(entries, total);
    }

    /** Reads {@value #FILE_NAME} from {@code dir}. */
    public static Manifest read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ChecksumMismatchException(dir + " has no " + FILE_NAME
                    + ", so the copy is incomplete or is not a Restore Drill snapshot; copy the snapshot again.", e);
        } catch (IOException e) {
            throw new ChecksumMismatchException("Cannot read " + file + " (" + IoReason.of(e)
                    + "); check its permissions or copy the snapshot again.", e);
        }
        return parse(lines, file);
    }

    /** Writes {@value #FILE_NAME} into {@code dir}, replacing an older one. */
    public void write(Path dir) {
        try {
            Files.writeString(dir.resolve(FILE_NAME), text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SnapshotFailedException("Cannot write " + FILE_NAME + " into " + dir + " (" + IoReason.of(e)
                    + "); check that the directory is writable and the disk has space.", e);
        }
    }

    /**
     * Checks that {@code dir} holds exactly the files of this manifest with the recorded hashes.
     *
     * @throws ChecksumMismatchException naming the first missing, unexpected or changed file, in path order
     */
    public void verify(Path dir) {
        requireDirectory(dir);
        List<String> actual = listFiles(dir, e -> new ChecksumMismatchException("Cannot list " + dir + " to verify it ("
                + IoReason.of(e) + "); check that it exists and is readable.", e));
        Set<String> present = new HashSet<>(actual);
        for (Entry entry : entries) {
            if (!present.contains(entry.path())) {
                throw new ChecksumMismatchException("File " + entry.path() + " listed in the manifest is missing from "
                        + dir + "; the copy is incomplete, copy the snapshot again.");
            }
        }
        Set<String> expected = new HashSet<>(entries.stream().map(Entry::path).toList());
        for (String file : actual) {
            if (!expected.contains(file)) {
                throw new ChecksumMismatchException("File " + file + " in " + dir + " is not in the manifest;"
                        + " remove it or copy the snapshot again into an empty directory.");
            }
        }
        List<Long> sizes = ParallelTasks.map(entries, ParallelTasks.perProcessor(), entry -> verifyEntry(dir, entry));
        long total = sizes.stream().mapToLong(Long::longValue).sum();
        if (total != totalBytes) {
            throw new ChecksumMismatchException("The files in " + dir + " add up to " + total + " bytes but the"
                    + " manifest records " + totalBytes + " bytes; the manifest was altered, take a new snapshot.");
        }
    }

    public int files() {
        return entries.size();
    }

    /** The manifest exactly as {@link #write} stores it. */
    public String text() {
        StringBuilder text = new StringBuilder("# restore-drill manifest: ")
                .append(files()).append(" files, ").append(totalBytes).append(" bytes\n");
        for (Entry entry : entries) {
            text.append(entry.sha256()).append("  ").append(entry.path()).append('\n');
        }
        return text.toString();
    }

    /** SHA-256 of {@link #text()}: identifies this exact manifest in reports. */
    public String sha256() {
        return Sha256.of(text().getBytes(StandardCharsets.UTF_8));
    }

    private static long verifyEntry(Path dir, Entry entry) {
        Sha256.Digest digest;
        try {
            digest = Sha256.of(dir.resolve(entry.path()));
        } catch (IOException e) {
            throw new ChecksumMismatchException("Cannot read " + entry.path() + " in " + dir + " to verify it ("
                    + IoReason.of(e) + "); check its permissions or copy the snapshot again.", e);
        }
        if (!digest.hex().equals(entry.sha256())) {
            throw new ChecksumMismatchException("File " + entry.path() + " in " + dir + " is corrupt: expected SHA-256 "
                    + entry.sha256() + " but found " + digest.hex() + "; copy the snapshot again or take a new one.");
        }
        return digest.size();
    }

    private static Manifest parse(List<String> lines, Path file) {
        if (lines.isEmpty()) {
            throw malformed(file, 1);
        }
        Matcher header = HEADER.matcher(lines.get(0));
        if (!header.matches()) {
            throw malformed(file, 1);
        }
        List<Entry> entries = new ArrayList<>(lines.size() - 1);
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < lines.size(); i++) {
            Matcher line = LINE.matcher(lines.get(i));
            if (!line.matches() || !FileTree.isSafeRelative(line.group(2)) || !seen.add(line.group(2))) {
                throw malformed(file, i + 1);
            }
            entries.add(new Entry(line.group(2), line.group(1)));
        }
        long files;
        long bytes;
        try {
            files = Long.parseLong(header.group(1));
            bytes = Long.parseLong(header.group(2));
        } catch (NumberFormatException e) {
            throw malformed(file, 1);
        }
        if (files != entries.size()) {
            throw new ChecksumMismatchException(file + " announces " + files + " files but lists " + entries.size()
                    + "; the manifest was truncated or altered, take a new snapshot.");
        }
        return new Manifest(entries, bytes);
    }

    private static ChecksumMismatchException malformed(Path file, int lineNumber) {
        return new ChecksumMismatchException("Line " + lineNumber + " of " + file + " is not a valid manifest line;"
                + " the manifest was altered or damaged, take a new snapshot.");
    }

    private static void requireDirectory(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException("Snapshot directory " + dir + " does not exist or is not a directory;"
                    + " give the directory pg_dump wrote.");
        }
    }

    private static List<String> listFiles(Path dir, Function<IOException, RuntimeException> failure) {
        try {
            return FileTree.regularFiles(dir).stream().filter(file -> !file.equals(FILE_NAME)).toList();
        } catch (IOException e) {
            throw failure.apply(e);
        }
    }
}
