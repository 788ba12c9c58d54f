-- The verification benchmark's database: five tables of uneven size with several column types
-- and twelve B-tree indexes, :rows rows in all. Deterministic (no random()), so every run and
-- every machine builds the same data. Run with: psql -v rows=2000000 -f verify-data.sql
\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';

SELECT (:rows * 0.45)::bigint AS n_lines, (:rows * 0.30)::bigint AS n_orders,
       (:rows * 0.12)::bigint AS n_customers, (:rows * 0.12)::bigint AS n_events,
       :rows - (:rows * 0.45)::bigint - (:rows * 0.30)::bigint - 2 * (:rows * 0.12)::bigint AS n_products
\gset

CREATE TABLE customers (
    id bigint NOT NULL,
    email text NOT NULL,
    full_name text NOT NULL,
    country char(2) NOT NULL,
    created_at timestamptz NOT NULL,
    balance numeric(12,2) NOT NULL,
    active boolean NOT NULL
);
INSERT INTO customers
SELECT i, 'user' || i || '@example.com', 'Customer ' || substr(md5(i::text), 1, 12),
       (ARRAY['DE','FR','US','GB','NL','SE','PL','ES'])[1 + i % 8],
       timestamptz '2020-01-01 00:00:00+00' + i * interval '37 seconds',
       ((i * 7919) % 1000000) / 100.0, i % 10 <> 0
FROM generate_series(1::bigint, :n_customers) AS i;

CREATE TABLE products (
    id integer NOT NULL,
    sku text NOT NULL,
    title text NOT NULL,
    price numeric(10,2) NOT NULL,
    tags text[] NOT NULL,
    attrs jsonb NOT NULL
);
INSERT INTO products
SELECT i, 'SKU-' || lpad(i::text, 8, '0'), 'Product ' || md5(i::text),
       1 + (i * 37 % 50000) / 100.0,
       ARRAY['tag' || i % 17, 'tag' || i % 5],
       jsonb_build_object('color', (ARRAY['red','green','blue'])[1 + i % 3], 'weight', i % 1000, 'fragile', i % 7 = 0)
FROM generate_series(1::bigint, :n_products) AS i;

CREATE TABLE orders (
    id bigint NOT NULL,
    customer_id bigint NOT NULL,
    status text NOT NULL,
    placed_at timestamptz NOT NULL,
    total numeric(12,2) NOT NULL,
    note text
);
INSERT INTO orders
SELECT i, 1 + (i * 7) % :n_customers,
       (ARRAY['new','paid','shipped','delivered','returned'])[1 + i % 5],
       timestamptz '2021-01-01 00:00:00+00' + i * interval '11 seconds',
       ((i * 104729) % 5000000) / 100.0,
       CASE WHEN i % 4 = 0 THEN 'gift wrap, leave at door ' || i END
FROM generate_series(1::bigint, :n_orders) AS i;

CREATE TABLE order_lines (
    order_id bigint NOT NULL,
    line_no integer NOT NULL,
    product_id integer NOT NULL,
    quantity integer NOT NULL,
    unit_price numeric(10,2) NOT NULL
);
INSERT INTO order_lines
SELECT 1 + (i - 1) % :n_orders, 1 + (i - 1) / :n_orders, 1 + (i * 13) % :n_products,
       1 + i % 9, 1 + (i * 31 % 20000) / 100.0
FROM generate_series(1::bigint, :n_lines) AS i;

CREATE TABLE events (
    id bigint NOT NULL,
    kind text NOT NULL,
    occurred_at timestamptz NOT NULL,
    session uuid NOT NULL,
    payload jsonb NOT NULL
);
INSERT INTO events
SELECT i, (ARRAY['login','view','search','cart','checkout','logout'])[1 + i % 6],
       timestamptz '2022-01-01 00:00:00+00' + i * interval '3 seconds',
       md5(i::text)::uuid,
       jsonb_build_object('page', '/p/' || i % 5000, 'ms', i % 2000, 'ok', i % 50 <> 0)
FROM generate_series(1::bigint, :n_events) AS i;

ALTER TABLE customers ADD PRIMARY KEY (id);
CREATE UNIQUE INDEX customers_email_key ON customers (email);
CREATE INDEX customers_country_created_idx ON customers (country, created_at);
ALTER TABLE products ADD PRIMARY KEY (id);
CREATE UNIQUE INDEX products_sku_key ON products (sku);
ALTER TABLE orders ADD PRIMARY KEY (id);
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE INDEX orders_placed_idx ON orders (placed_at);
ALTER TABLE order_lines ADD PRIMARY KEY (order_id, line_no);
CREATE INDEX order_lines_product_idx ON order_lines (product_id);
ALTER TABLE events ADD PRIMARY KEY (id);
CREATE INDEX events_kind_at_idx ON events (kind, occurred_at);

CREATE EXTENSION IF NOT EXISTS amcheck;
VACUUM (FREEZE, ANALYZE);
CHECKPOINT;
