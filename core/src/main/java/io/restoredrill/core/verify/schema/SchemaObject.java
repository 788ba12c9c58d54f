package io.restoredrill.core.verify.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One catalog object as a database defines it.
 *
 * @param name       the object's identity within its kind: {@code schema.table}, {@code schema.table.column},
 *                   {@code schema.function(argument types)}, {@code schema.table.trigger}
 * @param definition what the object is, canonical: short definitions as text (a column's type, an extension's
 *                   version), long ones (a view's query, a function's body) as a digest of their text
 * @param owner      the owning role, or {@code null} where the kind has none of its own
 * @param privileges the access privileges ({@code aclitem[]} as text), or {@code null} for the defaults
 */
public record SchemaObject(SchemaKind kind, String name, String definition, String owner, String privileges) {

    static final int LONGEST_TEXT_DEFINITION = 96;

    public SchemaObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        definition = definition == null ? "" : definition;
    }

    /** The definition as stored: the text itself when short, else {@code sha256:} and the first 16 hex digits. */
    static String canonical(String text) {
        if (text == null) {
            return "";
        }
        if (text.length() <= LONGEST_TEXT_DEFINITION && !text.startsWith("sha256:")) {
            return text;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    String key() {
        return kind.jsonName() + " " + name;
    }

    /** How people read the object in a sentence: {@code function public.total(integer)}. */
    String described() {
        return kind == SchemaKind.DATABASE ? "the database" : kind.singular() + " " + name;
    }
}
