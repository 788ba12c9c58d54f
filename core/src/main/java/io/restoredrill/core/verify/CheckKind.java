package io.restoredrill.core.verify;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The kinds of verification check; the JSON names are those of the suite file's sections. */
public enum CheckKind {
    /** Zero-config: one user table's exact row count and content hash. */
    TABLE_INVENTORY("tableInventory"),
    /** Zero-config: one B-tree index checked with amcheck's {@code bt_index_check}. */
    AMCHECK("amcheck"),
    /** Zero-config: the restored server's version. */
    SERVER_VERSION("serverVersion"),
    /** Zero-config: the copy holds user data at all (no vacuous pass), unless the suite expects it empty. */
    USER_DATA("userData"),
    /** Zero-config: comparison with the previous drill's inventory. */
    PREVIOUS_INVENTORY("previousInventory"),
    /** Comparison with the source's own inventory, taken in the dump's snapshot. */
    SOURCE_INVENTORY("sourceInventory"),
    /** Zero-config where the source's catalog is known: one kind of schema object as in the source. */
    SOURCE_SCHEMA("sourceSchema"),
    /** Zero-config: the schema compared with the previous drill's (drift). */
    PREVIOUS_SCHEMA("previousSchema"),
    /** Suite: a table's row count within bounds. */
    ROW_COUNT("rowCount"),
    /** Suite: the newest value of a timestamp column is no older than a maximum lag. */
    FRESHNESS("freshness"),
    /** Suite: a SQL assertion (expected scalar, or no rows). */
    SQL("sql"),
    /** Suite: the tables that must exist. */
    TABLES("tables"),
    /** Suite: the team's own program, run against the restored copy; its exit code decides. */
    PROGRAM("programs");

    private final String jsonName;

    CheckKind(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    @JsonCreator
    public static CheckKind fromJson(String name) {
        for (CheckKind kind : values()) {
            if (kind.jsonName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown check kind " + name);
    }
}
