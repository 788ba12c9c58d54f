package io.restoredrill.core.verify;

import io.restoredrill.core.verify.suite.TableName;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An order-independent hash of a table's content: the sum, modulo 2^64, of a 64-bit hash of every
 * row's text form. A sum (unlike XOR) does not cancel out duplicate rows; with the exact row count
 * beside it, a lost, added or changed row changes the pair.
 */
final class ContentHash {

    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(64);

    private ContentHash() {
    }

    /** One scan yields both the exact count and the hash. */
    static String query(TableName table, int serverVersionNum) {
        String rowHash = serverVersionNum >= 110000 ? "hashtextextended(t::text, 0)" : "hashtext(t::text)::bigint";
        return "SELECT count(*), sum(" + rowHash + ") FROM ONLY " + table.sql() + " AS t";
    }

    /** The hash of several tables' rows together: the sum of their hashes, modulo 2^64. */
    static String combine(Iterable<String> hashes) {
        BigInteger sum = BigInteger.ZERO;
        for (String hash : hashes) {
            sum = sum.add(new BigInteger(hash, 16));
        }
        return String.format("%016x", sum.mod(MODULUS));
    }

    static String format(BigDecimal sum) {
        if (sum == null) {
            return "0000000000000000";
        }
        return String.format("%016x", sum.toBigIntegerExact().mod(MODULUS));
    }
}
