package io.restoredrill.core.verify;

/** A B-tree index that amcheck can check, and its size on disk (the largest are checked first). */
public record BtreeIndex(String schema, String name, long oid, long bytes) {

    String qualifiedName() {
        return schema + "." + name;
    }
}
