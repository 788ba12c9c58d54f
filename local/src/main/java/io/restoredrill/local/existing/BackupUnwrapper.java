package io.restoredrill.local.existing;

import com.exceptionfactory.jagged.PayloadException;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import com.github.luben.zstd.ZstdInputStream;
import io.restoredrill.core.error.BackupUnreadableException;
import io.restoredrill.core.error.DecryptionFailedException;
import io.restoredrill.core.error.EnvironmentException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.IoReason;
import io.restoredrill.local.crypto.AgeEncryption;
import io.restoredrill.local.files.FileTree;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import net.jpountz.lz4.LZ4FrameInputStream;

/**
 * Takes an existing backup out of its wrappings, as a stream: decryption (age with an identity file, gpg with a
 * keyring), then decompression (gzip, zstd, lz4), then a check that what is left is a pg_dump in a format we
 * restore. The plaintext is written only into the drill's private directory; memory stays flat whatever the size.
 * A wrong key is a {@link DecryptionFailedException}; a truncated, damaged or unknown file a
 * {@link BackupUnreadableException} that says which layer failed.
 */
public final class BackupUnwrapper {

    private static final int HEAD_BYTES = 8192;
    private static final int BUFFER_BYTES = 256 * 1024;
    private static final byte[] AGE_BINARY = "age-encryption.org/v1\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AGE_ARMORED = "-----BEGIN AGE ENCRYPTED FILE-----".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PGP_ARMORED = "-----BEGIN PGP MESSAGE-----".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GZIP = {0x1f, (byte) 0x8b};
    private static final byte[] ZSTD = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
    private static final byte[] LZ4 = {0x04, 0x22, 0x4d, 0x18};
    private static final byte[] BZIP2 = {'B', 'Z', 'h'};
    private static final byte[] XZ = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};
    /** pg_dump's last line in a plain-format dump: without it, the dump was cut short. */
    private static final String PLAIN_TRAILER = "PostgreSQL database dump complete";
    private static final int TRAILER_BYTES = 256;

    private final BackupKeys keys;

    public BackupUnwrapper(BackupKeys keys) {
        this.keys = keys;
    }

    /**
     * @param backup     the fetched backup: a file or a directory-format dump
     * @param privateDir the drill's private directory; the plaintext goes into it
     */
    public UnwrappedBackup unwrap(Path backup, String label, Path privateDir) {
        if (Files.isDirectory(backup)) {
            return directory(backup, label, privateDir);
        }
        Head head = Head.of(backup);
        Optional<String> encryption = encryption(head);
        if (encryption.isEmpty() && compression(head).isEmpty()) {
            DumpFormat format = format(head, label, List.of());
            if (format == DumpFormat.PLAIN) {
                requireTrailer(tail(backup), label, List.of());
            }
            return new UnwrappedBackup(backup, format, List.of(), true);
        }
        List<String> layers = new ArrayList<>();
        GpgProcess gpg = null;
        Path target = null;
        try {
            InputStream in;
            if (encryption.isPresent() && encryption.get().equals("gpg")) {
                gpg = GpgProcess.start(backup, keys.gpgHome(), privateDir);
                in = gpg.plaintext();
            } else if (encryption.isPresent()) {
                in = ageStream(backup, label, encryption.get().equals("age (armored)"));
            } else {
                in = open(backup);
            }
            encryption.ifPresent(layers::add);
            BufferedInputStream decrypted = new BufferedInputStream(in, BUFFER_BYTES);
            Head inner = Head.peek(decrypted, label, layers);
            Optional<String> compression = compression(inner);
            InputStream plain = decrypted;
            if (compression.isPresent()) {
                layers.add(compression.get());
                plain = new BufferedInputStream(decompressing(compression.get(), decrypted), BUFFER_BYTES);
                inner = Head.peek((BufferedInputStream) plain, label, layers);
            }
            DumpFormat format = format(inner, label, layers);
            target = privateDir.resolve("backup" + format.extension());
            byte[] tail = copy(plain, target, label, layers);
            if (gpg != null) {
                gpg.finish(label);
            }
            if (format == DumpFormat.PLAIN) {
                requireTrailer(tail, label, layers);
            }
            return new UnwrappedBackup(target, format, layers, false);
        } catch (RuntimeException e) {
            if (gpg != null) {
                gpg.failIfRefused(label, e);
            }
            deleteQuietly(target);
            throw e;
        } finally {
            if (gpg != null) {
                gpg.close();
            }
        }
    }

    /**
     * The plaintext of a small file kept beside a backup (its manifest), decrypted in memory with the same keys: age,
     * gpg, or none.
     */
    public byte[] plaintext(Path file, String label, Path privateDir) {
        Optional<String> encryption = encryption(Head.of(file));
        GpgProcess gpg = null;
        try {
            InputStream in;
            if (encryption.isPresent() && encryption.get().equals("gpg")) {
                gpg = GpgProcess.start(file, keys.gpgHome(), privateDir);
                in = gpg.plaintext();
            } else if (encryption.isPresent()) {
                in = ageStream(file, label, encryption.get().equals("age (armored)"));
            } else {
                in = open(file);
            }
            byte[] bytes;
            try (InputStream stream = in) {
                bytes = stream.readAllBytes();
            } catch (IOException e) {
                throw truncated(label, List.of(encryption.orElse("file")), e);
            }
            if (gpg != null) {
                gpg.finish(label);
            }
            return bytes;
        } catch (RuntimeException e) {
            if (gpg != null) {
                gpg.failIfRefused(label, e);
            }
            throw e;
        } finally {
            if (gpg != null) {
                gpg.close();
            }
        }
    }

    private UnwrappedBackup directory(Path backup, String label, Path privateDir) {
        List<String> files;
        try {
            files = FileTree.regularFiles(backup);
        } catch (IOException e) {
            throw new BackupUnreadableException("The backup " + label + " cannot be listed (" + IoReason.of(e) + ").", e);
        }
        boolean encrypted = files.stream().anyMatch(file -> file.endsWith(AgeEncryption.SUFFIX));
        if (!encrypted) {
            if (!files.contains(BackupFiles.TOC)) {
                throw new BackupUnreadableException("The backup " + label + " is not a pg_dump directory-format dump:"
                        + " it has no toc.dat.");
            }
            return new UnwrappedBackup(backup, DumpFormat.DIRECTORY, List.of(), true);
        }
        Path identity = keys.ageIdentity().orElseThrow(() -> new InvalidInputException("The backup " + label
                + " is encrypted with age; pass --identity FILE with a key it was encrypted to."));
        Path target = privateDir.resolve("backup");
        AgeEncryption.decryptDirectory(backup, target, identity);
        if (!Files.exists(target.resolve(BackupFiles.TOC))) {
            throw new BackupUnreadableException("The backup " + label + " is not a pg_dump directory-format dump:"
                    + " it has no toc.dat once decrypted.");
        }
        return new UnwrappedBackup(target, DumpFormat.DIRECTORY, List.of("age"), false);
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new BackupUnreadableException("Cannot read " + file + " (" + IoReason.of(e) + ").", e);
        }
    }

    private InputStream ageStream(Path backup, String label, boolean armored) {
        Path identity = keys.ageIdentity().orElseThrow(() -> new InvalidInputException("The backup " + label
                + " is encrypted with age; pass --identity FILE with a key it was encrypted to."));
        FileChannel channel = null;
        try {
            channel = FileChannel.open(backup, StandardOpenOption.READ);
            return Channels.newInputStream(AgeEncryption.decrypting(channel, identity, armored));
        } catch (UnsupportedRecipientStanzaException e) {
            closeQuietly(channel);
            throw new DecryptionFailedException("No key in identity file " + identity + " opens the backup " + label
                    + ": it was encrypted to other recipients. Use the identity whose public key the backups are"
                    + " encrypted to.", e);
        } catch (GeneralSecurityException | IOException | IllegalArgumentException | IllegalStateException e) {
            closeQuietly(channel);
            throw new BackupUnreadableException("The backup " + label + " has a damaged age header ("
                    + e.getClass().getSimpleName() + "); it cannot be decrypted.", e);
        }
    }

    private static InputStream decompressing(String compression, InputStream in) {
        try {
            return switch (compression) {
                case "gzip" -> new GZIPInputStream(in, BUFFER_BYTES);
                case "zstd" -> new ZstdInputStream(in).setContinuous(false);
                case "lz4" -> new LZ4FrameInputStream(in);
                default -> throw new IllegalArgumentException(compression);
            };
        } catch (IOException e) {
            throw new BackupUnreadableException("The " + compression + " stream of the backup does not start as one"
                    + " (" + e.getMessage() + ").", e);
        }
    }

    /** Streams the plaintext into {@code target}, keeping its last bytes for the plain format's trailer check. */
    private static byte[] copy(InputStream in, Path target, String label, List<String> layers) {
        byte[] buffer = new byte[BUFFER_BYTES];
        byte[] tail = new byte[TRAILER_BYTES];
        int tailLength = 0;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            while (true) {
                int read;
                try {
                    read = in.read(buffer);
                } catch (PayloadException e) {
                    throw new BackupUnreadableException("The backup " + label + " failed age's authentication: it is"
                            + " truncated or damaged.", e);
                } catch (ZipException | java.io.EOFException e) {
                    throw truncated(label, layers, e);
                } catch (IOException e) {
                    throw truncated(label, layers, e);
                }
                if (read < 0) {
                    break;
                }
                out.write(buffer, 0, read);
                if (read >= TRAILER_BYTES) {
                    System.arraycopy(buffer, read - TRAILER_BYTES, tail, 0, TRAILER_BYTES);
                    tailLength = TRAILER_BYTES;
                } else {
                    int keep = Math.min(tailLength, TRAILER_BYTES - read);
                    System.arraycopy(tail, tailLength - keep, tail, 0, keep);
                    System.arraycopy(buffer, 0, tail, keep, read);
                    tailLength = keep + read;
                }
            }
        } catch (IOException e) {
            throw new EnvironmentException("Cannot write the decrypted backup into " + target.getParent() + " ("
                    + IoReason.of(e) + "); free space in the drill's work directory (--work-dir).", e);
        } finally {
            closeQuietly(in);
        }
        return java.util.Arrays.copyOf(tail, tailLength);
    }

    private static BackupUnreadableException truncated(String label, List<String> layers, IOException e) {
        return new BackupUnreadableException("The backup " + label + " is truncated or damaged: its "
                + layers.get(layers.size() - 1) + " stream ended early or is corrupt (" + cut(e.getMessage()) + ").", e);
    }

    private static void requireTrailer(byte[] tail, String label, List<String> layers) {
        if (!new String(tail, StandardCharsets.UTF_8).contains(PLAIN_TRAILER)) {
            throw new BackupUnreadableException("The backup " + label + " is truncated: the plain SQL dump"
                    + (layers.isEmpty() ? "" : " inside " + String.join(" and ", layers))
                    + " does not end with pg_dump's closing line '" + PLAIN_TRAILER + "'.");
        }
    }

    private static byte[] tail(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.min(size, TRAILER_BYTES));
            channel.position(size - buffer.capacity());
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // fill
            }
            return java.util.Arrays.copyOf(buffer.array(), buffer.position());
        } catch (IOException e) {
            throw new BackupUnreadableException("Cannot read the end of " + file + " (" + IoReason.of(e) + ").", e);
        }
    }

    private static Optional<String> encryption(Head head) {
        if (head.startsWith(AGE_BINARY)) {
            return Optional.of("age");
        }
        if (head.startsWith(AGE_ARMORED)) {
            return Optional.of("age (armored)");
        }
        if (head.startsWith(PGP_ARMORED) || head.isOpenPgpEncryptedPacket()) {
            return Optional.of("gpg");
        }
        return Optional.empty();
    }

    private static Optional<String> compression(Head head) {
        if (head.startsWith(GZIP)) {
            return Optional.of("gzip");
        }
        if (head.startsWith(ZSTD)) {
            return Optional.of("zstd");
        }
        if (head.startsWith(LZ4)) {
            return Optional.of("lz4");
        }
        return Optional.empty();
    }

    private static DumpFormat format(Head head, String label, List<String> layers) {
        String inside = layers.isEmpty() ? "" : " (inside " + String.join(" and ", layers) + ")";
        if (head.length() == 0) {
            throw new BackupUnreadableException("The backup " + label + inside + " is empty.");
        }
        if (head.startsWith(BZIP2) || head.startsWith(XZ)) {
            throw new BackupUnreadableException("The backup " + label + inside + " is compressed with "
                    + (head.startsWith(XZ) ? "xz" : "bzip2") + ", which a drill does not read; compress backups with"
                    + " gzip, zstd or lz4, or pg_dump's own compression.");
        }
        return DumpFormat.of(head.bytes(), head.length()).orElseThrow(() -> new BackupUnreadableException(
                "The backup " + label + inside + " is not a pg_dump in a format a drill reads (custom, directory, tar"
                        + " or plain SQL; gzip, zstd or lz4; age or gpg): it starts with bytes " + head.hex(12) + "."));
    }

    private static String cut(String message) {
        String text = message == null ? "no detail" : message.lines().findFirst().orElse("");
        return text.length() > 120 ? text.substring(0, 117) + "…" : text;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the work directory's removal takes it
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // nothing more to say than the failure being reported
            }
        }
    }

    /** The first bytes of a file or stream. */
    private record Head(byte[] bytes, int length) {

        static Head of(Path file) {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes(HEAD_BYTES);
                return new Head(bytes, bytes.length);
            } catch (IOException e) {
                throw new BackupUnreadableException("Cannot read " + file + " (" + IoReason.of(e) + ").", e);
            }
        }

        static Head peek(BufferedInputStream in, String label, List<String> layers) {
            in.mark(HEAD_BYTES);
            try {
                byte[] bytes = in.readNBytes(HEAD_BYTES);
                in.reset();
                return new Head(bytes, bytes.length);
            } catch (PayloadException e) {
                throw new BackupUnreadableException("The backup " + label + " failed age's authentication: it is"
                        + " truncated or damaged.", e);
            } catch (IOException e) {
                throw truncated(label, layers, e);
            }
        }

        boolean startsWith(byte[] magic) {
            return DumpFormat.startsWith(bytes, length, magic);
        }

        /** An OpenPGP packet that starts an encrypted message: a public-key or symmetric-key session key (RFC 4880). */
        boolean isOpenPgpEncryptedPacket() {
            if (length == 0 || (bytes[0] & 0x80) == 0) {
                return false;
            }
            int tag = (bytes[0] & 0x40) != 0 ? bytes[0] & 0x3f : (bytes[0] & 0x3c) >> 2;
            return tag == 1 || tag == 3;
        }

        String hex(int count) {
            return HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(count, length));
        }
    }
}
