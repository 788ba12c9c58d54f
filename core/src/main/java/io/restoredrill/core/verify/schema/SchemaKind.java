package io.restoredrill.core.verify.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The kinds of catalog object a schema inventory holds, in the order a report lists them. */
public enum SchemaKind {
    DATABASE("database", "database", "database"),
    SCHEMA("schema", "schema", "schemas"),
    EXTENSION("extension", "extension", "extensions"),
    TYPE("type", "type", "types"),
    TABLE("table", "table", "tables"),
    COLUMN("column", "column", "columns"),
    CONSTRAINT("constraint", "constraint", "constraints"),
    INDEX("index", "index", "indexes"),
    VIEW("view", "view", "views"),
    MATERIALIZED_VIEW("materializedView", "materialized view", "materialized views"),
    SEQUENCE("sequence", "sequence", "sequences"),
    FUNCTION("function", "function", "functions and procedures"),
    TRIGGER("trigger", "trigger", "triggers"),
    POLICY("policy", "row-level security policy", "row-level security policies"),
    DEFAULT_PRIVILEGES("defaultPrivileges", "default privileges", "default privileges");

    private final String jsonName;
    private final String singular;
    private final String plural;

    SchemaKind(String jsonName, String singular, String plural) {
        this.jsonName = jsonName;
        this.singular = singular;
        this.plural = plural;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    public String singular() {
        return singular;
    }

    public String plural() {
        return plural;
    }

    @JsonCreator
    public static SchemaKind fromJson(String name) {
        for (SchemaKind kind : values()) {
            if (kind.jsonName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown schema object kind " + name);
    }
}
