package io.restoredrill.core.postgres;

import java.security.SecureRandom;

/** Per-drill passwords: random, never logged, never written outside a 0600 file. */
public final class Passwords {

    private static final char[] ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /** 32 characters from a 57-letter alphabet: about 186 bits. */
    public static String generate() {
        StringBuilder password = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            password.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return password.toString();
    }
}
