package io.restoredrill.local.crypto;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.IoReason;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * The X25519 secret keys of an age identity file as {@code age-keygen} writes it: any number of
 * {@code AGE-SECRET-KEY-1…} lines, with blank lines and {@code #} comments between them.
 * {@link #toString()} never shows a key.
 */
final class AgeIdentities {

    private static final String SECRET_KEY_PREFIX = "AGE-SECRET-KEY-1";

    private final Path file;
    private final List<String> keys;

    private AgeIdentities(Path file, List<String> keys) {
        this.file = file;
        this.keys = List.copyOf(keys);
    }

    /** @throws InvalidInputException when the file is missing, unreadable or holds anything but X25519 identities */
    static AgeIdentities read(Path file) {
        if (file == null) {
            throw new InvalidInputException("An age identity file is needed to decrypt the snapshot;"
                    + " pass the file age-keygen wrote.");
        }
        List<String> lines = lines(file);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!line.startsWith(SECRET_KEY_PREFIX)) {
                throw new InvalidInputException(unsupported(file, i + 1, line));
            }
            if (!isValid(line)) {
                throw new InvalidInputException("Line " + (i + 1) + " of identity file " + file + " is not a valid age"
                        + " secret key; use the identity file exactly as age-keygen wrote it.");
            }
            keys.add(line);
        }
        if (keys.isEmpty()) {
            throw new InvalidInputException("Identity file " + file + " holds no age secret key (AGE-SECRET-KEY-1…);"
                    + " pass the file age-keygen wrote.");
        }
        return new AgeIdentities(file, keys);
    }

    Path file() {
        return file;
    }

    /** Fresh readers for one file, so no jagged object is shared between threads. */
    List<RecipientStanzaReader> readers() throws GeneralSecurityException {
        List<RecipientStanzaReader> readers = new ArrayList<>(keys.size());
        for (String key : keys) {
            readers.add(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(key));
        }
        return readers;
    }

    @Override
    public String toString() {
        return "AgeIdentities[" + file + ", " + keys.size() + " keys]";
    }

    private static List<String> lines(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("Identity file " + file + " does not exist or is not a regular file;"
                    + " pass the file age-keygen wrote.");
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("Identity file " + file + " is not a text file;"
                    + " pass the file age-keygen wrote.");
        } catch (IOException e) {
            throw new InvalidInputException("Identity file " + file + " cannot be read (" + IoReason.of(e)
                    + "); check its permissions.", e);
        }
    }

    private static String unsupported(Path file, int lineNumber, String line) {
        String where = "Line " + lineNumber + " of identity file " + file;
        if (line.startsWith("AGE-PLUGIN-")) {
            return where + " is an age plugin identity, which Restore Drill does not support;"
                    + " use an X25519 identity from age-keygen.";
        }
        if (line.startsWith("age-encryption.org/")) {
            return "Identity file " + file + " is itself encrypted with age, which Restore Drill does not support;"
                    + " decrypt it first or pass a plain identity file from age-keygen.";
        }
        if (line.startsWith("-----BEGIN")) {
            return "Identity file " + file + " holds an SSH or PEM key, which Restore Drill does not support;"
                    + " use an X25519 identity from age-keygen.";
        }
        return where + " is not an age secret key (AGE-SECRET-KEY-1…); use the identity file exactly as"
                + " age-keygen wrote it.";
    }

    private static boolean isValid(String key) {
        try {
            X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(key);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
