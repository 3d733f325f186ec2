BEGIN;

ALTER TABLE orders ADD COLUMN status text NOT NULL;
UPDATE orders SET status = 'paid' WHERE paid_at IS NOT NULL;
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';
CREATE INDEX orders_status_idx ON orders (status);

COMMIT;
