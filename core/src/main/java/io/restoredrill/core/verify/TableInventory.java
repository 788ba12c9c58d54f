package io.restoredrill.core.verify;

/**
 * One user table as found in a database.
 *
 * @param contentHash order-independent hash of every row's text form, as 16 hex digits
 */
public record TableInventory(String schema, String table, long rows, String contentHash) {

    public String qualifiedName() {
        return schema + "." + table;
    }
}
