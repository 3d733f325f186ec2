import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-money-type',
  prelude: `
    CREATE TABLE invoices (id bigint PRIMARY KEY, total money);
  `,
  valid: [
    'CREATE TABLE payments (id bigint PRIMARY KEY, amount numeric(19, 4) NOT NULL, currency text NOT NULL);',
    { name: 'an earlier money column this file leaves alone', sql: 'ALTER TABLE invoices ADD COLUMN paid_at timestamptz;' },
    { name: 'this file converts it', sql: 'ALTER TABLE invoices ALTER COLUMN total TYPE numeric(19, 4);' },
    { name: 'a user type named money in another schema', sql: 'CREATE SCHEMA app;\nCREATE DOMAIN app.money AS numeric(19, 4);\nCREATE TABLE refunds (id bigint PRIMARY KEY, amount app.money);' },
  ],
  invalid: [
    { sql: 'CREATE TABLE payments (id bigint PRIMARY KEY, amount money NOT NULL);', errors: [{ messageId: 'money', text: 'money' }], output: null },
    {
      name: 'a later migration adds it to a table of this file',
      sql: 'ALTER TABLE payments ADD COLUMN fee MONEY;',
      history: { before: ['CREATE TABLE payments (id bigint PRIMARY KEY);'] },
      errors: [{ messageId: 'money', text: 'MONEY' }],
      output: null,
    },
  ],
} satisfies RuleCases;
