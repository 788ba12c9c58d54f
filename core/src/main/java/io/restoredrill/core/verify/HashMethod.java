package io.restoredrill.core.verify;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a table's rows were hashed. Hashes made by different methods are never compared: only the counts are.
 */
public enum HashMethod {
    /**
     * Each column by its type's own extended hash function ({@code hash_record_extended}, PostgreSQL 14+, when every
     * column's type has one and hashes faithfully), each 64-bit column also by its exact float8 image (PostgreSQL hashes
     * those by the XOR of their halves), the row's hash hashed once more as a {@code float8} (the record hash is linear
     * in its columns', so values moved between rows would otherwise cancel out): the same scan for less CPU than text.
     * Blind only to values equal under their type's equality ({@code 1.50} and {@code 1.5} as numeric):
     * docs/verification.md.
     */
    TYPED("typed2"),
    /**
     * The first typed hash: as {@link #TYPED}, the row's hash hashed again through its text form, which costs a
     * quarter more. Inventories made with it (a manifest of {@code drill backup}) keep it; a copy compared with one
     * hashes the table the same way.
     */
    TYPED_V1("typed"),
    /** The row's text form ({@code hashtextextended(row::text, 0)}): any type, any version, and any textual change. */
    TEXT("text");

    private final String jsonName;

    HashMethod(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    @JsonCreator
    public static HashMethod fromJson(String name) {
        for (HashMethod method : values()) {
            if (method.jsonName.equals(name)) {
                return method;
            }
        }
        throw new IllegalArgumentException("unknown hash method " + name);
    }
}
