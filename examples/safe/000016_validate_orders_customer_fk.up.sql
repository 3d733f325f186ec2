-- A migration of its own: VALIDATE scans orders under SHARE UPDATE EXCLUSIVE, so reads and writes go on.
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey;
