package io.restoredrill.local.crypto;

import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import io.restoredrill.core.error.InvalidInputException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Validated age X25519 recipients ({@code age1…} public keys). */
record AgeRecipients(List<String> keys) {

    private static final int SHOWN_CHARACTERS = 80;

    AgeRecipients {
        keys = List.copyOf(keys);
    }

    /** @throws InvalidInputException naming the first recipient that is not an age X25519 public key */
    static AgeRecipients parse(List<String> recipients) {
        if (recipients == null || recipients.isEmpty()) {
            throw new InvalidInputException("At least one age recipient (age1…) is needed to encrypt the snapshot;"
                    + " create a key pair with age-keygen and pass its public key.");
        }
        List<String> keys = new ArrayList<>(recipients.size());
        for (int i = 0; i < recipients.size(); i++) {
            String key = recipients.get(i) == null ? "" : recipients.get(i).trim();
            if (key.toUpperCase(Locale.ROOT).startsWith("AGE-SECRET-KEY-")) {
                throw new InvalidInputException("Recipient number " + (i + 1) + " is an age secret key, not a public"
                        + " key; pass the public key (age1…) that age-keygen printed and keep the secret key private.");
            }
            if (!key.startsWith("age1") || !isValid(key)) {
                throw new InvalidInputException("Recipient '" + shown(key) + "' is not an age X25519 public key;"
                        + " pass a public key of the form age1… as printed by age-keygen.");
            }
            keys.add(key);
        }
        return new AgeRecipients(keys);
    }

    /** Fresh writers for one file, so no jagged object is shared between threads. */
    List<RecipientStanzaWriter> writers() throws GeneralSecurityException {
        List<RecipientStanzaWriter> writers = new ArrayList<>(keys.size());
        for (String key : keys) {
            writers.add(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(key));
        }
        return writers;
    }

    private static boolean isValid(String key) {
        try {
            X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(key);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String shown(String key) {
        return key.length() <= SHOWN_CHARACTERS ? key : key.substring(0, SHOWN_CHARACTERS) + "…";
    }
}
