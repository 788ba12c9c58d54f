package io.restoredrill.core.verify;

/**
 * Why a table is hashed as text although the server could hash it typed ({@link ContentHash#needsText}).
 *
 * @param oidValued   a column holds OIDs a restore makes anew (enum labels, object references, ACL items)
 * @param collation   a column is compared by a nondeterministic collation or is {@code citext}
 * @param arrays      a column holds arrays, whose typed hash leaves out their shape
 */
record TextReasons(boolean oidValued, boolean collation, boolean arrays) {

    boolean any() {
        return oidValued || collation || arrays;
    }

    /**
     * Whether a hash the first typed form made of the source can be made again of a sound copy: not of OIDs nor of
     * ICU sort keys (another host's ICU may differ); arrays it hashed the same way in both.
     */
    boolean firstTypedFormReproducible() {
        return !oidValued && !collation;
    }
}
