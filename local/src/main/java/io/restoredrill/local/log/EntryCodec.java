package io.restoredrill.local.log;

import io.restoredrill.local.files.Sha256;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.restoredrill.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Writes and reads log lines. A line is the entry's compact JSON, fields in declared order, with
 * {@code ,"entrySha256":"<hex>"} as its last member; that hash covers the same bytes without this member.
 */
final class EntryCodec {

    private static final ObjectWriter WRITER = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectReader READER = Json.mapper().readerFor(DrillLogEntry.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String HASH_MEMBER_START = ",\"entrySha256\":\"";
    private static final byte[] HASH_MEMBER = HASH_MEMBER_START.getBytes(StandardCharsets.US_ASCII);
    private static final int SUFFIX_LENGTH = HASH_MEMBER.length + 64 + 2;

    record Sealed(DrillLogEntry entry, byte[] line) {
    }

    record HashCheck(String stored, String computed) {
        boolean matches() {
            return stored.equals(computed);
        }
    }

    private EntryCodec() {
    }

    static Sealed seal(DrillLogEntry unsealed) throws JsonProcessingException {
        byte[] body = WRITER.writeValueAsBytes(unsealed.withEntrySha256(null));
        String hash = Sha256.of(body);
        byte[] suffix = (HASH_MEMBER_START + hash + "\"}").getBytes(StandardCharsets.US_ASCII);
        byte[] line = Arrays.copyOf(body, body.length - 1 + suffix.length);
        System.arraycopy(suffix, 0, line, body.length - 1, suffix.length);
        return new Sealed(unsealed.withEntrySha256(hash), line);
    }

    static DrillLogEntry parse(LogLine line) throws IOException {
        DrillLogEntry entry = READER.readValue(line.bytes());
        if (entry == null) {
            throw new IOException("JSON null is not an entry");
        }
        return entry;
    }

    /** Empty when the line does not end with an {@code entrySha256} member. */
    static Optional<HashCheck> checkHash(byte[] line) {
        int n = line.length;
        if (n < SUFFIX_LENGTH + 1 || line[n - 1] != '}' || line[n - 2] != '"'
                || !Arrays.equals(line, n - SUFFIX_LENGTH, n - SUFFIX_LENGTH + HASH_MEMBER.length, HASH_MEMBER, 0, HASH_MEMBER.length)
                || !isHex(line, n - 66, n - 2)) {
            return Optional.empty();
        }
        byte[] body = Arrays.copyOf(line, n - SUFFIX_LENGTH + 1);
        body[body.length - 1] = '}';
        String stored = new String(line, n - 66, 64, StandardCharsets.US_ASCII);
        return Optional.of(new HashCheck(stored, Sha256.of(body)));
    }

    /** Whether bytes [from, to) are lowercase hex digits. */
    private static boolean isHex(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (!(b >= '0' && b <= '9' || b >= 'a' && b <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
