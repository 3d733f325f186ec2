-- Speed up "orders of a customer" and enforce the link to customers.
CREATE INDEX orders_customer_id_idx ON orders (customer_id);

ALTER TABLE orders
    ADD CONSTRAINT orders_customer_id_fkey
    FOREIGN KEY (customer_id) REFERENCES customers (id);
