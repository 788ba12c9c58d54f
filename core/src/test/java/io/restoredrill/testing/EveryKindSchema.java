package io.restoredrill.testing;

/**
 * A database with one object of every kind a schema inventory reads (types, a domain, an extension, tables with
 * identity, serial, collated and defaulted columns, checks and foreign keys, an index, functions, a trigger, a view,
 * a materialized view, row-level security, default privileges, a large object), owned by and granted to roles other
 * than the superuser, and holding a few rows in every table. It creates the roles {@code app} and {@code reporting}.
 */
public final class EveryKindSchema {

    public static final String SQL = """
            CREATE ROLE app NOLOGIN;
            CREATE ROLE reporting NOLOGIN;
            CREATE SCHEMA billing AUTHORIZATION app;
            CREATE EXTENSION hstore;
            CREATE TYPE billing.status AS ENUM ('open', 'paid', 'void');
            CREATE DOMAIN billing.money_amount AS numeric(12,2) CHECK (VALUE >= 0);
            CREATE TYPE billing.line AS (sku text, qty int);
            CREATE TABLE billing.invoices (id bigserial PRIMARY KEY, status billing.status NOT NULL DEFAULT 'open',
                total billing.money_amount NOT NULL, note text COLLATE "C", tags hstore,
                CONSTRAINT positive_id CHECK (id > 0));
            CREATE TABLE billing.payments (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                invoice_id bigint NOT NULL REFERENCES billing.invoices(id), amount numeric(12,2) NOT NULL);
            CREATE INDEX payments_invoice ON billing.payments (invoice_id);
            CREATE FUNCTION billing.invoice_total(bigint) RETURNS numeric LANGUAGE sql STABLE
                AS 'SELECT coalesce(sum(amount), 0) FROM billing.payments WHERE invoice_id = $1';
            CREATE FUNCTION billing.touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
            CREATE TRIGGER payments_touch BEFORE UPDATE ON billing.payments FOR EACH ROW EXECUTE FUNCTION billing.touch();
            CREATE VIEW billing.open_invoices AS SELECT id, total FROM billing.invoices WHERE status = 'open';
            CREATE MATERIALIZED VIEW billing.daily AS SELECT count(*) AS invoices FROM billing.invoices;
            ALTER TABLE billing.invoices ENABLE ROW LEVEL SECURITY;
            CREATE POLICY own_invoices ON billing.invoices FOR SELECT TO reporting USING (status <> 'void');
            ALTER TABLE billing.invoices OWNER TO app;
            ALTER TABLE billing.payments OWNER TO app;
            GRANT USAGE ON SCHEMA billing TO reporting;
            GRANT SELECT ON billing.invoices, billing.payments TO reporting;
            ALTER DEFAULT PRIVILEGES FOR ROLE app IN SCHEMA billing GRANT SELECT ON TABLES TO reporting;
            CREATE TABLE billing.notes (id int PRIMARY KEY, body text NOT NULL);
            INSERT INTO billing.notes SELECT g, 'note ' || g FROM generate_series(1, 25) g;
            ALTER TABLE billing.notes OWNER TO app;
            INSERT INTO billing.invoices (total) SELECT g FROM generate_series(1, 40) g;
            INSERT INTO billing.payments (invoice_id, amount) SELECT g, g FROM generate_series(1, 40) g;
            REFRESH MATERIALIZED VIEW billing.daily;
            SELECT lo_from_bytea(0, 'scanned invoice'::bytea);
            """;

    private EveryKindSchema() {
    }
}
