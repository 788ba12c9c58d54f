package io.restoredrill.core.verify.suite;

/**
 * A table as written in a suite file: {@code schema.table}, or {@code table} for the public schema.
 * Names are taken exactly as stored in the catalog (no case folding); they are always quoted in SQL.
 */
public record TableName(String schema, String table) {

    public static TableName parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int dot = trimmed.indexOf('.');
        if (trimmed.isEmpty() || dot == 0 || dot == trimmed.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not a table name; write schema.table or table");
        }
        return dot < 0 ? new TableName("public", trimmed) : new TableName(trimmed.substring(0, dot), trimmed.substring(dot + 1));
    }

    public String qualifiedName() {
        return schema + "." + table;
    }

    /** The name quoted for SQL, safe against any characters in it. */
    public String sql() {
        return quote(schema) + "." + quote(table);
    }

    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
