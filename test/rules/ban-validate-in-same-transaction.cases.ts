import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-validate-in-same-transaction',
  prelude: `
    CREATE TABLE customers (id bigint PRIMARY KEY);
    CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total numeric);
    INSERT INTO customers SELECT g FROM generate_series(1, 10) g;
    INSERT INTO orders SELECT g, g % 10 + 1, g FROM generate_series(1, 100) g;
  `,
  valid: [
    'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;',
    {
      name: 'two transaction blocks',
      sql: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\nCOMMIT;',
    },
    { name: 'VALIDATE of a constraint added by an earlier migration', sql: 'BEGIN;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\nCOMMIT;', settings: { transaction: 'per-file' } },
    {
      name: 'table created earlier in the file',
      sql: 'BEGIN;\nCREATE TABLE refunds (id bigint, amount numeric);\nALTER TABLE refunds ADD CONSTRAINT refunds_amount_check CHECK (amount > 0) NOT VALID;\nALTER TABLE refunds VALIDATE CONSTRAINT refunds_amount_check;\nCOMMIT;',
    },
    {
      name: 'same name on another table',
      sql: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT positive CHECK (total >= 0) NOT VALID;\nALTER TABLE customers VALIDATE CONSTRAINT positive;\nCOMMIT;',
    },
    {
      name: 'dbmate: up and down sections are separate transactions',
      sql: '-- migrate:up\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\n-- migrate:down\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\n',
    },
  ],
  invalid: [
    {
      sql: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\nCOMMIT;\n',
      errors: [{ messageId: 'sameTransaction', text: 'VALIDATE CONSTRAINT orders_total_check' }],
      output: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nCOMMIT;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\n',
    },
    {
      name: 'unnamed foreign key validated by its default name, lower case, schema-qualified',
      sql: 'begin;\nalter table public.orders add foreign key (customer_id) references customers (id) not valid;\nalter table public.orders validate constraint orders_customer_id_fkey;\nalter table orders add column note text;\ncommit;',
      errors: [{ messageId: 'sameTransaction', text: 'validate constraint orders_customer_id_fkey' }],
      output:
        'begin;\nalter table public.orders add foreign key (customer_id) references customers (id) not valid;\nalter table orders add column note text;\ncommit;\nALTER TABLE public.orders VALIDATE CONSTRAINT orders_customer_id_fkey;',
    },
    {
      name: 'two VALIDATEs in one block: one fix moves both',
      sql: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT a CHECK (total >= 0) NOT VALID, ADD CONSTRAINT b CHECK (total < 1000000) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT a;\nALTER TABLE orders VALIDATE CONSTRAINT b;\nCOMMIT;',
      errors: [
        { messageId: 'sameTransaction', text: 'VALIDATE CONSTRAINT a' },
        { messageId: 'sameTransaction', text: 'VALIDATE CONSTRAINT b' },
      ],
      output:
        'BEGIN;\nALTER TABLE orders ADD CONSTRAINT a CHECK (total >= 0) NOT VALID, ADD CONSTRAINT b CHECK (total < 1000000) NOT VALID;\nCOMMIT;\nALTER TABLE orders VALIDATE CONSTRAINT a;\nALTER TABLE orders VALIDATE CONSTRAINT b;',
    },
    {
      name: 'in the same ALTER TABLE statement',
      sql: 'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID, VALIDATE CONSTRAINT orders_total_check;',
      errors: [{ messageId: 'sameTransaction', text: 'VALIDATE CONSTRAINT orders_total_check' }],
      output: 'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;',
    },
    {
      name: 'the runner wraps the file in one transaction',
      sql: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey;',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'runnerTransaction', text: 'VALIDATE CONSTRAINT orders_customer_id_fkey' }],
      output: null,
    },
    {
      name: 'dbmate section wrapped by default',
      sql: '-- migrate:up\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\n',
      errors: [{ messageId: 'runnerTransaction', text: 'VALIDATE CONSTRAINT orders_total_check' }],
      output: null,
    },
  ],
  locks: [
    {
      sql: 'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID; ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check',
      table: 'orders',
      mode: 'AccessExclusiveLock',
    },
    {
      sql: 'ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID; ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey',
      table: 'customers',
      mode: 'ShareRowExclusiveLock',
    },
  ],
} satisfies RuleCases;
