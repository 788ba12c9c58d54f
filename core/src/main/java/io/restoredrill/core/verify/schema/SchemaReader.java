package io.restoredrill.core.verify.schema;

import io.restoredrill.core.postgres.Queries;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a database's {@link SchemaInventory} from its catalog: a dozen queries, no data scanned. Objects that
 * belong to an extension are left out (the extension, with its version, stands for them), as are temporary ones.
 *
 * <p>Inside a repeatable-read transaction the catalog rows are those of its snapshot; the definitions that the
 * server renders ({@code pg_get_viewdef}, {@code pg_get_functiondef} and the like) are read from the current
 * catalog, as {@code pg_dump} reads them, so a schema change made while a dump runs may show as a difference.
 */
public final class SchemaReader {

    private static final String USER_SCHEMA = "%1$s NOT IN ('pg_catalog', 'information_schema') "
            + "AND %1$s NOT LIKE 'pg\\_toast%%' AND %1$s NOT LIKE 'pg\\_temp\\_%%'";

    /** How a materialized view's definition starts when it holds data ({@code "not " + POPULATED} when not). */
    static final String POPULATED = "populated, ";

    private SchemaReader() {
    }

    public static SchemaInventory read(Connection connection) throws SQLException {
        // Rendered definitions qualify every name they would not find on the search path: with an empty one, both
        // databases render the same definition whatever their roles' search paths are.
        String searchPath = Queries.scalar(connection, "SELECT current_setting('search_path')");
        Queries.scalar(connection, "SELECT set_config('search_path', '', false)");
        try {
            return readQualified(connection);
        } finally {
            Queries.scalar(connection, "SELECT set_config('search_path', ?, false)", searchPath);
        }
    }

    private static SchemaInventory readQualified(Connection connection) throws SQLException {
        int version = Integer.parseInt(Queries.scalar(connection, "SHOW server_version_num"));
        if (version < 110000) {
            throw new SQLException("a schema inventory needs PostgreSQL 11 or later; this server is " + version);
        }
        List<SchemaObject> objects = new ArrayList<>();
        objects.addAll(database(connection));
        objects.addAll(schemas(connection));
        objects.addAll(extensions(connection));
        objects.addAll(types(connection));
        objects.addAll(relations(connection));
        objects.addAll(columns(connection, version));
        objects.addAll(constraints(connection));
        objects.addAll(indexes(connection));
        objects.addAll(functions(connection));
        objects.addAll(triggers(connection));
        objects.addAll(policies(connection));
        objects.addAll(defaultPrivileges(connection));
        return new SchemaInventory(objects, sequenceValues(connection),
                Long.parseLong(Queries.scalar(connection, "SELECT count(*) FROM pg_largeobject_metadata")));
    }

    /** Only the sequences' values: read again on the source once its dump is done, as an upper bound. */
    public static Map<String, Long> sequenceValues(Connection connection) throws SQLException {
        Map<String, Long> values = new HashMap<>();
        String sql = "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value FROM pg_sequences s "
                + "WHERE " + userSchema("s.schemaname");
        Queries.forEachRow(connection, sql, rows -> values.put(rows.getString(1), (Long) rows.getObject(2, Long.class)));
        return values;
    }

    private static List<SchemaObject> database(Connection connection) throws SQLException {
        // Named by its kind alone: a copy may be restored under another name, and is still the same database.
        return objects(connection, "SELECT 'database', 'encoding ' || pg_encoding_to_char(encoding) || ', collation '"
                + " || datcollate || ', ctype ' || datctype, pg_get_userbyid(datdba), datacl::text"
                + " FROM pg_database WHERE datname = current_database()", SchemaKind.DATABASE);
    }

    private static List<SchemaObject> schemas(Connection connection) throws SQLException {
        return objects(connection, "SELECT quote_ident(n.nspname), '', pg_get_userbyid(n.nspowner), n.nspacl::text "
                + "FROM pg_namespace n WHERE " + userSchema("n.nspname") + " AND " + notInExtension("pg_namespace", "n.oid"),
                SchemaKind.SCHEMA);
    }

    private static List<SchemaObject> extensions(Connection connection) throws SQLException {
        return objects(connection, "SELECT quote_ident(e.extname), 'version ' || e.extversion || ' in schema ' "
                + "|| quote_ident(n.nspname), NULL, NULL FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace",
                SchemaKind.EXTENSION);
    }

    private static List<SchemaObject> types(Connection connection) throws SQLException {
        String definition = "CASE t.typtype "
                + "WHEN 'e' THEN 'enum (' || coalesce((SELECT string_agg(quote_literal(e.enumlabel), ', ' "
                + "  ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), '') || ')' "
                + "WHEN 'd' THEN 'domain over ' || format_type(t.typbasetype, t.typtypmod) "
                + "  || CASE WHEN t.typnotnull THEN ' not null' ELSE '' END || coalesce(' default ' || t.typdefault, '') "
                + "  || coalesce((SELECT ' ' || string_agg(quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid), ' '"
                + "  ORDER BY c.conname) FROM pg_constraint c WHERE c.contypid = t.oid), '') "
                + "WHEN 'c' THEN 'composite (' || coalesce((SELECT string_agg(quote_ident(a.attname) || ' ' "
                + "  || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) FROM pg_attribute a "
                + "  WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '') || ')' "
                + "WHEN 'r' THEN 'range of ' || (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r WHERE r.rngtypid = t.oid) "
                + "END";
        return objects(connection, "SELECT " + qualified("n.nspname", "t.typname") + ", " + definition
                + ", pg_get_userbyid(t.typowner), t.typacl::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                + "LEFT JOIN pg_class r ON r.oid = t.typrelid "
                + "WHERE t.typtype IN ('e', 'd', 'c', 'r') AND (t.typtype <> 'c' OR r.relkind = 'c') "
                + "AND " + userSchema("n.nspname") + " AND " + notInExtension("pg_type", "t.oid"), SchemaKind.TYPE);
    }

    /** Tables, views, materialized views and sequences, each with what defines it beyond its columns. */
    private static List<SchemaObject> relations(Connection connection) throws SQLException {
        String sql = "SELECT c.relkind, " + qualified("n.nspname", "c.relname") + ", pg_get_userbyid(c.relowner), "
                + "c.relacl::text, "
                + "CASE c.relkind "
                + "WHEN 'v' THEN pg_get_viewdef(c.oid) "
                + "WHEN 'm' THEN pg_get_viewdef(c.oid) "
                + "WHEN 'S' THEN (SELECT format('%s start %s increment %s min %s max %s cache %s%s', "
                + "  format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, "
                + "  CASE WHEN s.seqcycle THEN ' cycle' ELSE '' END) FROM pg_sequence s WHERE s.seqrelid = c.oid) "
                + "ELSE concat_ws(', ', "
                + "  CASE c.relkind WHEN 'p' THEN 'partitioned by ' || pg_get_partkeydef(c.oid) "
                + "    WHEN 'f' THEN 'foreign table' END, "
                + "  (SELECT 'inherits ' || string_agg(" + qualified("pn.nspname", "pc.relname") + ", ', ' ORDER BY i.inhseqno) "
                + "    FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent "
                + "    JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid), "
                + "  CASE WHEN c.relispartition THEN 'partition ' || pg_get_expr(c.relpartbound, c.oid) END, "
                + "  CASE WHEN c.relpersistence = 'u' THEN 'unlogged' END, "
                + "  CASE WHEN c.relrowsecurity THEN 'row security' END, "
                + "  CASE WHEN c.relforcerowsecurity THEN 'forced row security' END) "
                + "END, c.relispopulated "
                + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') AND c.relpersistence <> 't' "
                + "AND " + userSchema("n.nspname") + " AND " + notInExtension("pg_class", "c.oid");
        List<SchemaObject> objects = new ArrayList<>();
        Queries.forEachRow(connection, sql, rows -> {
            String relkind = rows.getString(1);
            SchemaKind kind = switch (relkind) {
                case "v" -> SchemaKind.VIEW;
                case "m" -> SchemaKind.MATERIALIZED_VIEW;
                case "S" -> SchemaKind.SEQUENCE;
                default -> SchemaKind.TABLE;
            };
            String definition = SchemaObject.canonical(rows.getString(5));
            if (kind == SchemaKind.MATERIALIZED_VIEW) {
                definition = (rows.getBoolean(6) ? POPULATED : "not " + POPULATED) + definition;
            }
            objects.add(new SchemaObject(kind, rows.getString(2), definition, rows.getString(3), rows.getString(4)));
        });
        return objects;
    }

    /** Every column in its position (among the columns not dropped), with type, nullability, default and collation. */
    private static List<SchemaObject> columns(Connection connection, int version) throws SQLException {
        String generated = version >= 120000 ? "a.attgenerated" : "''";
        String sql = "SELECT " + qualified("n.nspname", "c.relname") + " || '.' || quote_ident(a.attname), "
                + "concat_ws(' ', '#' || row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum), "
                + "  format_type(a.atttypid, a.atttypmod), "
                + "  CASE WHEN a.attcollation <> t.typcollation THEN 'collate ' || quote_ident(co.collname) END, "
                + "  CASE WHEN a.attnotnull THEN 'not null' END, "
                + "  CASE a.attidentity WHEN 'a' THEN 'generated always as identity' "
                + "    WHEN 'd' THEN 'generated by default as identity' END, "
                + "  CASE WHEN " + generated + " = 's' THEN 'generated always as (' || pg_get_expr(d.adbin, d.adrelid) || ') stored' "
                + "    WHEN d.adbin IS NOT NULL THEN 'default ' || pg_get_expr(d.adbin, d.adrelid) END), "
                + "NULL, a.attacl::text "
                + "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_collation co ON co.oid = a.attcollation "
                + "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                + "WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f', 'v', 'm') "
                + "AND c.relpersistence <> 't' AND " + userSchema("n.nspname") + " AND " + notInExtension("pg_class", "c.oid");
        return objects(connection, sql, SchemaKind.COLUMN);
    }

    private static List<SchemaObject> constraints(Connection connection) throws SQLException {
        return objects(connection, "SELECT " + qualified("n.nspname", "c.relname") + " || '.' || quote_ident(k.conname), "
                + "pg_get_constraintdef(k.oid) || CASE WHEN k.convalidated THEN '' ELSE ' (not validated)' END, NULL, NULL "
                + "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relpersistence <> 't' AND " + userSchema("n.nspname") + " AND " + notInExtension("pg_class", "c.oid"),
                SchemaKind.CONSTRAINT);
    }

    private static List<SchemaObject> indexes(Connection connection) throws SQLException {
        return objects(connection, "SELECT " + qualified("n.nspname", "ci.relname") + ", "
                + "pg_get_indexdef(ci.oid) || CASE WHEN i.indisvalid THEN '' ELSE ' (invalid)' END, NULL, NULL "
                + "FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid "
                + "JOIN pg_namespace n ON n.oid = ci.relnamespace "
                + "WHERE ci.relpersistence <> 't' AND " + userSchema("n.nspname") + " AND " + notInExtension("pg_class", "c.oid"),
                SchemaKind.INDEX);
    }

    /** Functions, procedures and aggregates by signature; what they do as a digest of their whole definition. */
    private static List<SchemaObject> functions(Connection connection) throws SQLException {
        return objects(connection, "SELECT " + qualified("n.nspname", "p.proname")
                + " || '(' || pg_get_function_identity_arguments(p.oid) || ')', "
                + "CASE p.prokind WHEN 'a' THEN 'aggregate returning ' || pg_get_function_result(p.oid) "
                + "  ELSE pg_get_functiondef(p.oid) END, pg_get_userbyid(p.proowner), p.proacl::text "
                + "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                + "WHERE " + userSchema("n.nspname") + " AND " + notInExtension("pg_proc", "p.oid"), SchemaKind.FUNCTION);
    }

    private static List<SchemaObject> triggers(Connection connection) throws SQLException {
        return objects(connection, "SELECT " + qualified("n.nspname", "c.relname") + " || '.' || quote_ident(t.tgname), "
                + "pg_get_triggerdef(t.oid) || CASE t.tgenabled WHEN 'D' THEN ' (disabled)' WHEN 'R' THEN ' (replica)' "
                + "  WHEN 'A' THEN ' (always)' ELSE '' END, NULL, NULL "
                + "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE NOT t.tgisinternal AND " + userSchema("n.nspname") + " AND " + notInExtension("pg_class", "c.oid"),
                SchemaKind.TRIGGER);
    }

    private static List<SchemaObject> policies(Connection connection) throws SQLException {
        return objects(connection, "SELECT " + qualified("n.nspname", "c.relname") + " || '.' || quote_ident(p.polname), "
                + "concat_ws(' ', CASE WHEN p.polpermissive THEN 'permissive' ELSE 'restrictive' END, "
                + "  'for ' || CASE p.polcmd WHEN 'r' THEN 'select' WHEN 'a' THEN 'insert' WHEN 'w' THEN 'update' "
                + "    WHEN 'd' THEN 'delete' ELSE 'all' END, "
                + "  'to ' || (SELECT string_agg(CASE r WHEN 0 THEN 'public' ELSE quote_ident(pg_get_userbyid(r)) END, ', ' "
                + "    ORDER BY 1) FROM unnest(p.polroles) r), "
                + "  'using (' || pg_get_expr(p.polqual, p.polrelid) || ')', "
                + "  'with check (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')'), NULL, NULL "
                + "FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE " + userSchema("n.nspname"), SchemaKind.POLICY);
    }

    private static List<SchemaObject> defaultPrivileges(Connection connection) throws SQLException {
        return objects(connection, "SELECT 'for role ' || quote_ident(pg_get_userbyid(d.defaclrole)) "
                + "|| coalesce(' in schema ' || quote_ident(n.nspname), '') || ' on ' || CASE d.defaclobjtype "
                + "  WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types' "
                + "  WHEN 'n' THEN 'schemas' ELSE d.defaclobjtype::text END, '', NULL, d.defaclacl::text "
                + "FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace",
                SchemaKind.DEFAULT_PRIVILEGES);
    }

    /** Rows of (name, definition, owner, privileges) as objects of one kind; long definitions become digests. */
    private static List<SchemaObject> objects(Connection connection, String sql, SchemaKind kind) throws SQLException {
        List<SchemaObject> objects = new ArrayList<>();
        Queries.forEachRow(connection, sql, rows -> objects.add(new SchemaObject(kind, rows.getString(1),
                SchemaObject.canonical(rows.getString(2)), rows.getString(3), rows.getString(4))));
        return objects;
    }

    private static String qualified(String schema, String name) {
        return "quote_ident(" + schema + ") || '.' || quote_ident(" + name + ")";
    }

    private static String userSchema(String schemaName) {
        return String.format(USER_SCHEMA, schemaName);
    }

    private static String notInExtension(String catalog, String oid) {
        return "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '" + catalog + "'::regclass "
                + "AND e.objid = " + oid + " AND e.deptype = 'e')";
    }

}
