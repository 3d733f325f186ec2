ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey;
DROP INDEX orders_customer_id_idx;
