import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-transitive-dependency',
  prelude: `
    CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, name varchar(200), tier int, account_id bigint, price numeric, created_at timestamptz);
    CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);
    CREATE TABLE products (id bigint PRIMARY KEY, name text, price numeric(12,2), currency text);
  `,
  valid: [
    { name: 'the value read through the foreign key', sql: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);\nCREATE VIEW orders_with_email AS SELECT o.*, c.email AS customer_email FROM orders o JOIN customers c ON c.id = o.customer_id;' },
    { name: 'snapshots: a price or rate copied with the other columns of the reference', sql: 'CREATE TABLE order_items (id bigint PRIMARY KEY, product_id bigint REFERENCES products, product_name text, product_price numeric(12,2), product_currency text);\nCREATE TABLE invoice_lines (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers, customer_name varchar(200), customer_price numeric);' },
    { name: 'a history table copies by design; a polymorphic type; a path', sql: 'CREATE TABLE customer_versions (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers, customer_email text);\nALTER TABLE users ADD COLUMN type text, ADD COLUMN path text;\nCREATE TABLE notes (id bigint PRIMARY KEY, user_id bigint REFERENCES users, user_type text, user_path text);' },
    { name: 'no foreign key', sql: 'CREATE TABLE leads (id bigint PRIMARY KEY, customer_id bigint, customer_email text);' },
    { name: 'a column of another type', sql: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers, customer_tier text);' },
    { name: 'keys: a composite or shortcut foreign key, the referenced key itself', sql: 'CREATE TABLE accounts (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers, customer_account_id bigint REFERENCES accounts, customer_id_copy bigint);' },
    { name: 'a name that only starts like the reference', sql: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers, customeremail text, email text);' },
    { name: 'a later migration drops the copy', sql: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers, customer_email text);', history: { after: ['ALTER TABLE orders DROP COLUMN customer_email;'] } },
    { name: 'a later migration adds the foreign key: reported there', sql: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, customer_email text);', history: { after: ['ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers;'] } },
    { name: 'a foreign key to a table the history never made', sql: 'CREATE TABLE orders (id bigint PRIMARY KEY, shop_id bigint REFERENCES shops, shop_name text);' },
  ],
  invalid: [
    {
      sql: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers, customer_email text);',
      errors: [{ messageId: 'copy', text: 'customer_email' }],
      output: null,
    },
    {
      name: 'named after the foreign key column or the table; varchar beside text; the copies of one reference in one finding',
      sql: 'CREATE TABLE posts (id bigint PRIMARY KEY, author_id bigint REFERENCES users (id), editor_id bigint REFERENCES users, author_name varchar(100), author_email text, user_email text, product_id bigint REFERENCES products, product_name text);',
      errors: [
        { messageId: 'copy', text: 'author_name' },
        { messageId: 'copy', text: 'product_name' },
      ],
      output: null,
    },
    {
      name: 'across migrations: the foreign key comes last',
      sql: 'ALTER TABLE invoices ADD CONSTRAINT invoices_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);',
      history: { before: ['CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint, customer_name varchar(200));'] },
      errors: [{ messageId: 'copy', text: 'CONSTRAINT invoices_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)' }],
      output: null,
    },
    {
      name: 'across migrations: the copied column comes last',
      sql: 'ALTER TABLE orders ADD COLUMN customer_created_at timestamptz;',
      history: { before: ['CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);'] },
      errors: [{ messageId: 'copy', text: 'customer_created_at' }],
      output: null,
    },
  ],
} satisfies RuleCases;
