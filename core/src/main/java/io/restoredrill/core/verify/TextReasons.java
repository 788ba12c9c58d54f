package io.restoredrill.core.verify;

/**
 * Why a table is hashed as text although the server could hash it typed ({@link ContentHash#typedShape}).
 *
 * @param oidValued   a column holds OIDs a restore makes anew (enum labels, object references, ACL items)
 * @param collation   a column is compared by a nondeterministic collation or is {@code citext}
 * @param arrays      a column holds arrays, whose typed hash leaves out their shape
 * @param folded      a 64-bit value the typed hash would see by 32 bits only, where no term of its own can add the
 *                    rest: inside an array, a composite or a range, or a {@code pg_lsn} or {@code xid8}
 */
record TextReasons(boolean oidValued, boolean collation, boolean arrays, boolean folded) {

    boolean any() {
        return oidValued || collation || arrays || folded;
    }

    /**
     * Whether a hash the first typed form made of the source can be made again of a sound copy: not of OIDs nor of
     * ICU sort keys (another host's ICU may differ); arrays and 64-bit values it hashed the same way in both.
     */
    boolean firstTypedFormReproducible() {
        return !oidValued && !collation;
    }
}
