package io.restoredrill.core.verify;

import io.restoredrill.core.verify.suite.TableName;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * An order-independent hash of a table's content: the sum, modulo 2^64, of a 64-bit hash of every
 * row, typed ({@link HashMethod#TYPED}) where the server and the table's column types allow, else of
 * the row's text form. A sum (unlike XOR) does not cancel out duplicate rows; with the exact row count
 * beside it, a lost, added or changed row changes the pair.
 */
final class ContentHash {

    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(64);

    private ContentHash() {
    }

    /** The typed hash's seed: any large 64-bit constant (here 2^64 divided by the golden ratio, rounded down). */
    static final long TYPED_SEED = 7046029254386353131L;

    /** The first server with {@code hash_record_extended}. */
    static final int TYPED_SINCE = 140000;

    /**
     * The table's alias, whose bare name is the whole row. A column of the same name would be taken instead (a table
     * with a column {@code t} would have hashed that column alone), so no column could plausibly bear it.
     */
    private static final String ROW = "\"restore drill row\"";

    /** The first server that scans a range of a table's blocks by {@code ctid} without reading the rest (TID Range Scan). */
    static final int BLOCK_RANGES_SINCE = 140000;

    /**
     * The count and hash of the rows in blocks {@code [fromBlock, toBlock)} of the table ({@code toBlock} {@code null}: to
     * the end). The parts of a table add up to the whole: counts and hashes are sums.
     */
    static String query(TableName table, int serverVersionNum, HashMethod method, List<WideColumn> wide, long fromBlock,
                        Long toBlock) {
        return query(table, serverVersionNum, method, wide) + range(fromBlock, toBlock);
    }

    /** The rows of a range, counted only ({@code toBlock} {@code null}: to the end; both {@code null}: the whole table). */
    static String count(TableName table, Long fromBlock, Long toBlock) {
        return "SELECT count(*), NULL::numeric FROM ONLY " + table.sql() + " AS " + ROW + range(fromBlock, toBlock);
    }

    /** The count and hash of the rows in a repeatable sample of the table's blocks. */
    static String sample(TableName table, int serverVersionNum, HashMethod method, List<WideColumn> wide,
                         TableSample sample) {
        return query(table, serverVersionNum, method, wide) + " TABLESAMPLE SYSTEM (" + sample.percentText() + ") REPEATABLE ("
                + sample.seed() + ")";
    }

    private static String range(Long fromBlock, Long toBlock) {
        return fromBlock == null ? "" : " WHERE ctid >= '(" + fromBlock + ",0)'::tid"
                + (toBlock == null ? "" : " AND ctid < '(" + toBlock + ",0)'::tid");
    }

    /**
     * One scan yields both the exact count and the hash.
     *
     * @param wide the table's 64-bit columns, whose {@link HashMethod#TYPED} hash needs a term of its own (only then)
     */
    static String query(TableName table, int serverVersionNum, HashMethod method, List<WideColumn> wide) {
        // hash_record_extended is linear in its columns' hashes (result * 31 + next), so its sum over rows would not
        // change when values move between rows (a swap, a shuffled column); hashing each row's hash again does.
        String rowHash = switch (method) {
            case TYPED -> "hashfloat8extended(" + typedRow(wide) + "::float8, 0)";
            case TYPED_V1 -> "hashtextextended(hash_record_extended(" + ROW + ", 0)::text, 0)";
            case TEXT -> serverVersionNum >= 110000 ? "hashtextextended(" + ROW + "::text, 0)"
                    : "hashtext(" + ROW + "::text)::bigint";
        };
        return "SELECT count(*), sum(" + rowHash + ") FROM ONLY " + table.sql() + " AS " + ROW;
    }

    /**
     * The typed row hash before its float8. The float8 keeps the row hash's top 53 bits, so two row hashes must differ
     * by more than their low bits: a NULL column adds 0 and some values hash to the seed itself (0.0, '{}', NaN), so
     * the seed is large. PostgreSQL hashes a 64-bit value by the XOR of its halves, so each 64-bit column adds the
     * hash of its exact float8 image too (a {@code bigint} below 2^53, a time's epoch to the microsecond).
     */
    private static String typedRow(List<WideColumn> wide) {
        StringBuilder row = new StringBuilder("hash_record_extended(" + ROW + ", " + TYPED_SEED + ")");
        for (WideColumn column : wide) {
            String value = ROW + "." + TableName.quote(column.name());
            String image = column.epoch() ? "date_part('epoch', " + value + ")" : value + "::float8";
            row.append(" # coalesce(hashfloat8extended(").append(image).append(", ").append(TYPED_SEED).append("), 0)");
        }
        return wide.isEmpty() ? row.toString() : "(" + row + ")";
    }

    /**
     * A column PostgreSQL hashes by only 32 bits (the XOR of its 64-bit value's halves), with how to take its exact
     * float8 image.
     *
     * @param epoch {@code date_part('epoch', …)} (timestamps, time, interval); else a cast ({@code bigint})
     */
    record WideColumn(String name, boolean epoch) {
    }

    /**
     * Hashes one row the typed way: it fails when a column's type has no extended hash function (json, point, xml),
     * which the server checks for every column before it hashes the first row, whatever the values; on an empty
     * table it hashes nothing and succeeds, and so would the scan.
     */
    static String typedProbe(TableName table) {
        return "SELECT hash_record_extended(" + ROW + ", 0) FROM ONLY " + table.sql() + " AS " + ROW + " LIMIT 1";
    }

    /**
     * What the typed hash must know of each column of a table, looked for at any depth (a domain's base, an array's
     * elements, a composite's fields, a range's bounds): one row per column and type reached, with the column's name,
     * whether the type is below its top (in an array, a composite or a range, not merely a domain's base), and why its
     * typed hash would not be faithful ({@link TextReasons}):
     * <ol>
     *   <li>an OID that a restore makes anew: an enum label (its hash is the label's OID, new in every database the type
     *       is created in), an object reference ({@code regclass}, {@code regtype}…, restored by name) or an
     *       {@code aclitem} (role OIDs); their text is the same in a sound copy;</li>
     *   <li>a nondeterministic collation or {@code citext}: hashed by ICU sort key or lower case, so a case or accent
     *       change goes unseen, and another ICU version hashes a sound copy differently;</li>
     *   <li>an array: its typed hash is its elements' alone, so {@code '{{1,2}}'} and {@code '{1,2}'}, or two lower
     *       bounds, hash the same where text does not;</li>
     *   <li>a 64-bit value PostgreSQL hashes by the XOR of its halves: {@code int8} (its image a cast), {@code epoch}
     *       (timestamps, time, interval: their image {@code date_part('epoch', …)}), or {@code other} (pg_lsn, xid8:
     *       none).</li>
     * </ol>
     * Its one parameter is the table's quoted name. Needs PostgreSQL 14+ (multiranges, {@code typsubscript}), as the
     * typed hash does.
     */
    static String typedShape() {
        return """
                WITH RECURSIVE types(name, oid, coll, nested) AS (
                    SELECT a.attname::text, a.atttypid, a.attcollation, false FROM pg_attribute a
                     WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped
                    UNION
                    SELECT t.name, inner_type.oid, inner_type.coll, t.nested OR inner_type.deeper
                      FROM types t JOIN pg_type ty ON ty.oid = t.oid
                    CROSS JOIN LATERAL (
                        SELECT ty.typbasetype, ty.typcollation, false WHERE ty.typtype = 'd'
                        UNION ALL SELECT ty.typelem, t.coll, true WHERE ty.typelem <> 0
                        UNION ALL SELECT a.atttypid, a.attcollation, true FROM pg_attribute a
                         WHERE ty.typtype = 'c' AND a.attrelid = ty.typrelid AND a.attnum > 0 AND NOT a.attisdropped
                        UNION ALL SELECT r.rngsubtype, r.rngcollation, true FROM pg_range r
                         WHERE r.rngtypid = ty.oid OR r.rngmultitypid = ty.oid
                    ) AS inner_type(oid, coll, deeper)
                )
                SELECT t.name, t.nested,
                       ty.typtype = 'e' OR ty.oid IN ('regclass'::regtype, 'regtype'::regtype, 'regproc'::regtype,
                           'regprocedure'::regtype, 'regoper'::regtype, 'regoperator'::regtype, 'regconfig'::regtype,
                           'regdictionary'::regtype, 'regnamespace'::regtype, 'regrole'::regtype,
                           'regcollation'::regtype, 'aclitem'::regtype),
                       ty.typname = 'citext' OR NOT coalesce(c.collisdeterministic, true),
                       ty.typsubscript = 'array_subscript_handler'::regproc,
                       CASE WHEN ty.oid = 'int8'::regtype THEN 'int8'
                            WHEN ty.oid IN ('timestamp'::regtype, 'timestamptz'::regtype, 'time'::regtype,
                                            'interval'::regtype) THEN 'epoch'
                            WHEN ty.oid IN ('pg_lsn'::regtype, 'xid8'::regtype) THEN 'other' END
                  FROM types t JOIN pg_type ty ON ty.oid = t.oid LEFT JOIN pg_collation c ON c.oid = t.coll
                """;
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
