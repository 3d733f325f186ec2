-- golang-migrate sends a file as one command string, and PostgreSQL runs a command of several
-- statements as one transaction, where CONCURRENTLY is refused: the index build stands alone.
CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);
