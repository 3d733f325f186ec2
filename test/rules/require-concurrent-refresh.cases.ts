import type { RuleCases } from '../harness/types';

export default {
  rule: 'require-concurrent-refresh',
  prelude: `
    CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total numeric);
    INSERT INTO orders SELECT g, g % 10, g FROM generate_series(1, 50) g;
    CREATE MATERIALIZED VIEW order_totals AS SELECT customer_id, sum(total) AS total FROM orders GROUP BY customer_id;
    CREATE UNIQUE INDEX order_totals_customer_id_key ON order_totals (customer_id);
    CREATE SCHEMA reporting;
    CREATE MATERIALIZED VIEW reporting."Monthly" AS SELECT 1 AS month;
    CREATE UNIQUE INDEX monthly_month_key ON reporting."Monthly" (month);
  `,
  valid: [
    'REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;',
    { name: 'WITH NO DATA empties the view: no concurrent form', sql: 'REFRESH MATERIALIZED VIEW order_totals WITH NO DATA;' },
    {
      name: 'view created earlier in the file',
      sql: 'CREATE MATERIALIZED VIEW customer_counts AS SELECT customer_id, count(*) FROM orders GROUP BY 1;\nREFRESH MATERIALIZED VIEW customer_counts;',
    },
  ],
  invalid: [
    {
      sql: 'REFRESH MATERIALIZED VIEW order_totals;',
      errors: [{ messageId: 'blocking', text: 'REFRESH MATERIALIZED VIEW order_totals' }],
      output: 'REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;',
    },
    {
      name: 'quoted and qualified, lower case, WITH DATA, inside BEGIN/COMMIT (allowed there)',
      sql: 'begin;\nrefresh materialized view\n  reporting."Monthly" with data;\ncommit;',
      errors: [{ messageId: 'blocking', text: 'refresh materialized view\n  reporting."Monthly"' }],
      output: 'begin;\nrefresh materialized view CONCURRENTLY\n  reporting."Monthly" with data;\ncommit;',
    },
    {
      name: 'dbmate section',
      sql: '-- migrate:up\nREFRESH MATERIALIZED VIEW order_totals;\n\n-- migrate:down\nSELECT 1;\n',
      errors: [{ messageId: 'blocking', text: 'REFRESH MATERIALIZED VIEW order_totals' }],
      output: '-- migrate:up\nREFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;\n\n-- migrate:down\nSELECT 1;\n',
    },
    {
      name: 'the runner wraps the file: CONCURRENTLY still works',
      sql: 'REFRESH MATERIALIZED VIEW order_totals;',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'blocking', text: 'REFRESH MATERIALIZED VIEW order_totals' }],
      output: 'REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;',
    },
  ],
  locks: [
    { sql: 'REFRESH MATERIALIZED VIEW order_totals', table: 'order_totals', mode: 'AccessExclusiveLock' },
    { sql: 'REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals', table: 'order_totals', mode: 'ExclusiveLock' },
  ],
} satisfies RuleCases;
