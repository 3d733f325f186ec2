-- Flyway runs each file in one transaction.
ALTER TABLE invoices RENAME COLUMN total TO amount_due;
ALTER TABLE invoices ADD COLUMN public_id uuid DEFAULT gen_random_uuid();
ALTER TABLE invoices ADD CONSTRAINT invoices_amount_due_check CHECK (amount_due >= 0);
