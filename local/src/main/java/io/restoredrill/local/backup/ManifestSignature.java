package io.restoredrill.local.backup;

import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.IoReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 signatures of backup manifests, with keys in the PEM files OpenSSL writes:
 * {@code openssl genpkey -algorithm ed25519 -out backup-signing.pem} (the private key, for {@code drill backup}) and
 * {@code openssl pkey -in backup-signing.pem -pubout -out backup-signing.pub} (the public key, for drills). A
 * signature is the raw 64 bytes, so {@code openssl pkeyutl -verify -pubin -inkey backup-signing.pub -rawin
 * -in MANIFEST -sigfile SIG} checks it too.
 */
public final class ManifestSignature {

    private static final String ALGORITHM = "Ed25519";
    private static final String PRIVATE_PEM = "PRIVATE KEY";
    private static final String PUBLIC_PEM = "PUBLIC KEY";
    private static final String HOW_TO_MAKE = "make one with 'openssl genpkey -algorithm ed25519 -out backup-signing.pem'"
            + " and give drills its public key ('openssl pkey -in backup-signing.pem -pubout -out backup-signing.pub')";

    private ManifestSignature() {
    }

    /** The private key that signs manifests ({@code option} names it in errors). */
    public static PrivateKey signingKey(Path file, String option) {
        byte[] der = pem(file, PRIVATE_PEM, option);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidInputException(option + " " + file + " is not an Ed25519 private key; " + HOW_TO_MAKE + ".", e);
        }
    }

    /** The public key that checks manifests ({@code option} names it in errors). */
    public static PublicKey verifyingKey(Path file, String option) {
        byte[] der = pem(file, PUBLIC_PEM, option);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidInputException(option + " " + file + " is not an Ed25519 public key; " + HOW_TO_MAKE + ".", e);
        }
    }

    public static byte[] sign(byte[] manifest, PrivateKey key) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(manifest);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing is part of every Java 17 runtime", e);
        }
    }

    /** Whether {@code signature} is {@code key}'s signature of exactly {@code manifest}. */
    public static boolean verifies(byte[] manifest, byte[] signature, PublicKey key) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(manifest);
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 verification is part of every Java 17 runtime", e);
        }
    }

    private static byte[] pem(Path file, String type, String option) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidInputException(option + " " + file + " cannot be read (" + IoReason.of(e) + ").", e);
        }
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new InvalidInputException(option + " " + file + " is protected by a passphrase, and a scheduled job"
                    + " cannot type one; keep an unencrypted key readable only by the backup user (chmod 600).");
        }
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new InvalidInputException(option + " " + file + " holds no PEM '" + type + "' block; " + HOW_TO_MAKE + ".");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(option + " " + file + " has a damaged PEM block; " + HOW_TO_MAKE + ".", e);
        }
    }
}
