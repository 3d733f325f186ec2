-- The same change as golang-migrate/000012, written so that orders stays writable.
-- golang-migrate runs this file without a transaction, so CONCURRENTLY may run.
SET lock_timeout = '2s';

DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_idx;
CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);

-- NOT VALID: only new rows are checked, the lock is brief.
ALTER TABLE orders
    ADD CONSTRAINT orders_customer_id_fkey
    FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;

-- VALIDATE scans the table under SHARE UPDATE EXCLUSIVE: reads and writes go on.
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey;
