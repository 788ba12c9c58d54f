package io.restoredrill.local.crypto;

import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;

/** An X25519 key pair generated in-process, written as an identity file the way age-keygen writes one. */
record AgeKeys(String recipient, Path identityFile) {

    static AgeKeys generate(Path identityFile) throws IOException, GeneralSecurityException {
        KeyPair pair = new X25519KeyPairGenerator().generateKeyPair();
        String recipient = pair.getPublic().toString();
        Files.writeString(identityFile, "# created: 2026-11-22T10:00:00Z\n# public key: " + recipient + "\n"
                + pair.getPrivate().toString() + "\n");
        return new AgeKeys(recipient, identityFile);
    }

    String secretKey() throws IOException {
        return Files.readAllLines(identityFile).stream().filter(line -> line.startsWith("AGE-SECRET-KEY-1"))
                .findFirst().orElseThrow();
    }
}
