package io.restoredrill.local.crypto;

import com.exceptionfactory.jagged.PayloadException;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import com.exceptionfactory.jagged.framework.armor.ArmoredDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.core.error.DecryptionFailedException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.local.files.FileTree;
import io.restoredrill.core.error.IoReason;
import io.restoredrill.local.files.ParallelTasks;
import io.restoredrill.local.snapshot.Manifest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * Encrypts a snapshot directory file by file into the binary age format (X25519 recipients) and back,
 * compatible with the {@code age} command line tool. Several files are processed at a time.
 */
public final class AgeEncryption {

    /** Appended to the name of every encrypted file. */
    public static final String SUFFIX = ".age";

    private static final int BUFFER_BYTES = 64 * 1024;

    private AgeEncryption() {
    }

    /**
     * Writes {@code <file>.age} into {@code encryptedDir} for every regular file of {@code plainDir}.
     *
     * @param encryptedDir created when absent; must be empty and outside {@code plainDir}; emptied again on failure
     * @param recipients   age X25519 public keys ({@code age1…}); any one of their identities can decrypt
     * @throws InvalidInputException when a recipient or a directory is unusable, before anything is written
     * @throws CopyFailedException   when a file cannot be read or written
     */
    public static void encryptDirectory(Path plainDir, Path encryptedDir, List<String> recipients) {
        AgeRecipients checked = AgeRecipients.parse(recipients);
        requireSeparateDirectories(plainDir, encryptedDir);
        List<String> files = list(plainDir);
        FileTree.emptiedOnFailure(encryptedDir, () -> ParallelTasks.run(files, ParallelTasks.perProcessor(),
                file -> encryptFile(plainDir.resolve(file), encryptedDir.resolve(file + SUFFIX), checked)));
    }

    /**
     * Writes {@code target}, the age encryption of {@code source} to {@code recipients}, streamed.
     *
     * @throws InvalidInputException when a recipient is unusable, before anything is written
     * @throws CopyFailedException   when a file cannot be read or written; no partial target is left
     */
    public static void encryptFile(Path source, Path target, List<String> recipients) {
        encryptFile(source, target, AgeRecipients.parse(recipients));
    }

    /** Checks that every recipient is an age X25519 public key. */
    public static void requireRecipients(List<String> recipients) {
        AgeRecipients.parse(recipients);
    }

    /**
     * Writes the plaintext of every {@code <file>.age} of {@code encryptedDir} to {@code <file>} in {@code plainDir}.
     * A top-level {@value Manifest#FILE_NAME} in {@code encryptedDir} (a manifest of the encrypted files) is left out.
     *
     * @param plainDir     created when absent; must be empty and outside {@code encryptedDir}; emptied again on failure
     * @param identityFile an age identity file with one or more {@code AGE-SECRET-KEY-1…} lines
     * @throws InvalidInputException      when the identity file or a directory is unusable, or a file is not {@code .age}
     * @throws DecryptionFailedException  when no identity matches, or a file is corrupt or truncated
     * @throws RestoreFailedException     when a file cannot be read or written
     */
    public static void decryptDirectory(Path encryptedDir, Path plainDir, Path identityFile) {
        AgeIdentities identities = AgeIdentities.read(identityFile);
        requireSeparateDirectories(encryptedDir, plainDir);
        List<String> files = list(encryptedDir).stream().filter(file -> !file.equals(Manifest.FILE_NAME)).toList();
        for (String file : files) {
            if (!file.endsWith(SUFFIX) || file.length() == SUFFIX.length() || file.endsWith("/" + SUFFIX)) {
                throw new InvalidInputException("File " + file + " in " + encryptedDir + " is not an age file (" + SUFFIX
                        + "); point at the directory that holds only the encrypted snapshot.");
            }
        }
        FileTree.emptiedOnFailure(plainDir, () -> ParallelTasks.run(files, ParallelTasks.perProcessor(),
                file -> decryptFile(encryptedDir.resolve(file),
                        plainDir.resolve(file.substring(0, file.length() - SUFFIX.length())), identities)));
    }

    /**
     * The plaintext of one age file, decrypted as it is read, so memory stays flat whatever its size.
     *
     * @param armored whether the file is in the ASCII-armored age format ({@code age --armor})
     * @throws InvalidInputException              when the identity file is unusable
     * @throws UnsupportedRecipientStanzaException when no key of the identity matches a recipient of the file
     * @throws GeneralSecurityException           when the file's header is damaged
     */
    public static ReadableByteChannel decrypting(ReadableByteChannel encrypted, Path identityFile, boolean armored)
            throws IOException, GeneralSecurityException {
        AgeIdentities identities = AgeIdentities.read(identityFile);
        StandardDecryptingChannelFactory factory = armored ? new ArmoredDecryptingChannelFactory()
                : new StandardDecryptingChannelFactory();
        return factory.newDecryptingChannel(encrypted, identities.readers());
    }

    private static void encryptFile(Path source, Path target, AgeRecipients recipients) {
        boolean created = false;
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                created = true;
                try (WritableByteChannel encrypting = new StandardEncryptingChannelFactory()
                        .newEncryptingChannel(out, recipients.writers())) {
                    transfer(in, encrypting);
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            deletePartial(target, created);
            throw new CopyFailedException("Cannot encrypt " + source + " into " + target + " (" + reason(e)
                    + "); check the permissions and free space of both directories.", e);
        }
    }

    private static void decryptFile(Path source, Path target, AgeIdentities identities) {
        boolean created = false;
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                created = true;
                try (ReadableByteChannel decrypting = new StandardDecryptingChannelFactory()
                        .newDecryptingChannel(in, identities.readers())) {
                    transfer(decrypting, out);
                }
            }
        } catch (UnsupportedRecipientStanzaException e) {
            deletePartial(target, created);
            throw new DecryptionFailedException("No key in identity file " + identities.file() + " matches a recipient"
                    + " of " + source + " (or its header is damaged); use the identity whose public key was a recipient"
                    + " when the snapshot was encrypted.", e);
        } catch (PayloadException e) {
            deletePartial(target, created);
            throw new DecryptionFailedException("The encrypted content of " + source + " failed authentication, so the"
                    + " file is corrupt or truncated; copy the snapshot again or restore an older one.", e);
        } catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException
                 | BufferUnderflowException e) {
            deletePartial(target, created);
            throw new DecryptionFailedException("The age header of " + source + " is damaged or not in the binary age"
                    + " format; copy the snapshot again or restore an older one.", e);
        } catch (IOException e) {
            deletePartial(target, created);
            throw new RestoreFailedException("Cannot decrypt " + source + " into " + target + " (" + IoReason.of(e)
                    + "); check the permissions and free space of both directories.", e);
        }
    }

    /**
     * Proves, before anything is dumped, that the identity can open what is encrypted to the
     * recipients: a few bytes are sealed to them in memory and opened with it.
     *
     * @throws InvalidInputException     when a recipient or the identity file is unusable
     * @throws DecryptionFailedException when no key of the identity matches any recipient
     */
    public static void requireIdentityOpens(List<String> recipients, Path identityFile) {
        AgeRecipients checked = AgeRecipients.parse(recipients);
        AgeIdentities identities = AgeIdentities.read(identityFile);
        try {
            ByteArrayOutputStream sealed = new ByteArrayOutputStream();
            try (WritableByteChannel encrypting = new StandardEncryptingChannelFactory()
                    .newEncryptingChannel(Channels.newChannel(sealed), checked.writers())) {
                encrypting.write(ByteBuffer.wrap("restore-drill identity probe".getBytes(StandardCharsets.UTF_8)));
            }
            try (ReadableByteChannel decrypting = new StandardDecryptingChannelFactory().newDecryptingChannel(
                    Channels.newChannel(new ByteArrayInputStream(sealed.toByteArray())), identities.readers())) {
                transfer(decrypting, Channels.newChannel(new ByteArrayOutputStream()));
            }
        } catch (UnsupportedRecipientStanzaException e) {
            throw new DecryptionFailedException("No key in identity file " + identityFile + " matches any --encrypt-to"
                    + " recipient, so the drill could not decrypt its own dump; pass the identity of one of them.", e);
        } catch (IOException | GeneralSecurityException e) {
            throw new DecryptionFailedException("Cannot check identity file " + identityFile + " against the recipients ("
                    + reason(e) + ").", e);
        }
    }

    private static void transfer(ReadableByteChannel in, WritableByteChannel out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        while (in.read(buffer) != -1) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            buffer.clear();
        }
    }

    private static void requireSeparateDirectories(Path source, Path target) {
        if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException("Directory " + source + " does not exist or is not a directory;"
                    + " give the snapshot directory.");
        }
        Path sourceAbsolute = source.toAbsolutePath().normalize();
        Path targetAbsolute = target.toAbsolutePath().normalize();
        if (targetAbsolute.startsWith(sourceAbsolute) || sourceAbsolute.startsWith(targetAbsolute)) {
            throw new InvalidInputException("Directories " + source + " and " + target + " overlap;"
                    + " write the output to a separate directory.");
        }
        try {
            if (!FileTree.isAbsentOrEmpty(target)) {
                throw new InvalidInputException("Output directory " + target + " is not empty;"
                        + " give a new or empty directory.");
            }
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new InvalidInputException("Output directory " + target + " cannot be created (" + IoReason.of(e)
                    + "); check its parent's permissions.", e);
        }
    }

    private static List<String> list(Path dir) {
        try {
            return FileTree.regularFiles(dir);
        } catch (IOException e) {
            throw new InvalidInputException("Directory " + dir + " cannot be listed (" + IoReason.of(e)
                    + "); check its permissions.", e);
        }
    }

    private static void deletePartial(Path target, boolean created) {
        if (created) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException ignored) {
                // the original failure is the one worth reporting
            }
        }
    }

    private static String reason(Exception e) {
        return e instanceof IOException io ? IoReason.of(io) : e.getClass().getSimpleName();
    }
}
