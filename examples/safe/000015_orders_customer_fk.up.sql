-- NOT VALID: only new rows are checked, so the ACCESS EXCLUSIVE lock lasts milliseconds;
-- lock_timeout makes it give up instead of queueing every query behind it.
SET lock_timeout = '2s';
ALTER TABLE orders
    ADD CONSTRAINT orders_customer_id_fkey
    FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
