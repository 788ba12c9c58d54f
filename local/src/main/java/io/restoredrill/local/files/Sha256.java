package io.restoredrill.local.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Streaming SHA-256 of a file. */
public final class Sha256 {

    private static final int BUFFER_BYTES = 1 << 20;

    /** @param hex lowercase hexadecimal digest; @param size bytes read */
    public record Digest(String hex, long size) {
    }

    private Sha256() {
    }

    public static Digest of(Path file) throws IOException {
        MessageDigest digest = newDigest();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        long size = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            int read;
            while ((read = channel.read(buffer)) != -1) {
                size += read;
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return new Digest(HexFormat.of().formatHex(digest.digest()), size);
    }

    /** Copies {@code file} to {@code target} (which must not exist), hashing exactly the bytes written. */
    public static Digest copy(Path file, Path target) throws IOException {
        MessageDigest digest = newDigest();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        long size = 0;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (in.read(buffer) != -1) {
                buffer.flip();
                size += buffer.remaining();
                digest.update(buffer.duplicate());
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                buffer.clear();
            }
        }
        return new Digest(HexFormat.of().formatHex(digest.digest()), size);
    }

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
