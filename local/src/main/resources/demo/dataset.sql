-- Restore Drill demo dataset: a small shop, generated deterministically (no random()), so every
-- run holds the same rows and the same content hashes. 298,000 rows in 5 tables.
CREATE TABLE customers (
    id          integer PRIMARY KEY,
    email       text NOT NULL UNIQUE,
    name        text NOT NULL,
    country     char(2) NOT NULL,
    vip         boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL
);

CREATE TABLE products (
    id          integer PRIMARY KEY,
    sku         text NOT NULL UNIQUE,
    title       text NOT NULL,
    price       numeric(10, 2) NOT NULL CHECK (price > 0),
    attributes  jsonb NOT NULL
);

CREATE TABLE orders (
    id           bigint PRIMARY KEY,
    customer_id  integer NOT NULL,
    public_id    uuid NOT NULL UNIQUE,
    status       text NOT NULL CHECK (status IN ('placed', 'paid', 'shipped', 'delivered', 'returned')),
    placed_at    timestamptz NOT NULL
);

CREATE TABLE order_items (
    order_id    bigint NOT NULL,
    line        smallint NOT NULL,
    product_id  integer NOT NULL,
    quantity    integer NOT NULL CHECK (quantity > 0),
    unit_price  numeric(10, 2) NOT NULL,
    PRIMARY KEY (order_id, line)
);

CREATE TABLE shipments (
    id           bigint PRIMARY KEY,
    order_id     bigint NOT NULL,
    carrier      text NOT NULL,
    shipped_at   timestamptz NOT NULL,
    delivered_at timestamptz
);

INSERT INTO customers
SELECT g,
       'customer' || g || '@example.com',
       'Customer ' || g,
       (ARRAY['DE', 'FR', 'US', 'GB', 'JP', 'BR', 'IN', 'NL'])[1 + g % 8],
       g % 17 = 0,
       timestamptz '2025-01-01 00:00:00+00' + g * interval '13 minutes'
FROM generate_series(1, 20000) AS g;

INSERT INTO products
SELECT g,
       'SKU-' || lpad(g::text, 6, '0'),
       'Product ' || g,
       round((5 + (g * 7919) % 49500 / 100.0)::numeric, 2),
       jsonb_build_object('color', (ARRAY['red', 'green', 'blue', 'black'])[1 + g % 4], 'weight_g', 100 + g % 900)
FROM generate_series(1, 2000) AS g;

INSERT INTO orders
SELECT g,
       1 + (g * 7907) % 20000,
       md5('order-' || g)::uuid,
       (ARRAY['placed', 'paid', 'shipped', 'delivered', 'returned'])[1 + g % 5],
       timestamptz '2025-06-01 00:00:00+00' + g * interval '4 minutes'
FROM generate_series(1, 60000) AS g;

INSERT INTO order_items
SELECT o, l, p.id, 1 + (o + l) % 4, p.price
FROM generate_series(1, 60000) AS o
CROSS JOIN generate_series(1, 3) AS l
JOIN products p ON p.id = 1 + ((o * 31 + l * 17) % 2000);

INSERT INTO shipments
SELECT o.id,
       o.id,
       (ARRAY['DHL', 'UPS', 'La Poste', 'Yamato'])[1 + o.id % 4],
       o.placed_at + interval '1 day',
       CASE WHEN o.status IN ('delivered', 'returned') THEN o.placed_at + interval '3 days' END
FROM orders o
WHERE o.status IN ('shipped', 'delivered', 'returned');

-- Foreign keys are added after loading: one validating scan each instead of a check per row.
ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id);
ALTER TABLE order_items ADD FOREIGN KEY (order_id) REFERENCES orders (id);
ALTER TABLE order_items ADD FOREIGN KEY (product_id) REFERENCES products (id);
ALTER TABLE shipments ADD FOREIGN KEY (order_id) REFERENCES orders (id);

CREATE INDEX orders_customer_placed ON orders (customer_id, placed_at);
CREATE INDEX order_items_product ON order_items (product_id);
CREATE INDEX shipments_order ON shipments (order_id);

ANALYZE;
