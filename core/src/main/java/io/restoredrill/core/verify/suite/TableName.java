package io.restoredrill.core.verify.suite;

import java.util.ArrayList;
import java.util.List;

/**
 * A table: {@code schema.table}, or {@code table} for the public schema. Names are taken exactly
 * as stored in the catalog (no case folding). A part holding a dot or a double quote is written
 * in double quotes, {@code "sales.eu"."order"}, so every table has exactly one written name.
 */
public record TableName(String schema, String table) {

    public static TableName parse(String text) {
        List<String> parts = split(text == null ? "" : text.trim());
        if (parts.isEmpty() || parts.size() > 2 || parts.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("'" + text + "' is not a table name; write schema.table or table");
        }
        return parts.size() == 1 ? new TableName("public", parts.get(0)) : new TableName(parts.get(0), parts.get(1));
    }

    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    part.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    part.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '.') {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("'" + text + "' has an unclosed double quote");
        }
        if (!text.isEmpty()) {
            parts.add(part.toString());
        }
        return parts;
    }

    /** The one written name of a table. */
    public static String display(String schema, String table) {
        return part(schema) + "." + part(table);
    }

    private static String part(String identifier) {
        return identifier.contains(".") || identifier.contains("\"") ? quote(identifier) : identifier;
    }

    public String qualifiedName() {
        return display(schema, table);
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
