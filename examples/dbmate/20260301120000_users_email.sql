-- migrate:up
ALTER TABLE users ALTER COLUMN email TYPE varchar(320);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
ALTER TABLE users ALTER COLUMN email SET NOT NULL;

-- migrate:down
DROP INDEX users_email_key;
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
