import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-float-for-money',
  prelude: `
    CREATE TABLE products (id bigint PRIMARY KEY, name text);
  `,
  valid: [
    'CREATE TABLE prices (id bigint PRIMARY KEY, price numeric(12, 2) NOT NULL, amount numeric);',
    {
      name: 'ratios, rates, counts and physical quantities',
      sql: 'CREATE TABLE stats (id bigint PRIMARY KEY, tax_rate double precision, price_ratio real, discount_pct float, cost_factor float8, amount_ml real, total_time double precision, total_count float4, fee_share real, weight_kg real, priceScore real, total_duration_ms double precision);',
    },
    { name: 'words that only contain a money word', sql: 'CREATE TABLE t (id bigint PRIMARY KEY, pricing_tier real, costume real, totality real, subtotals_seen real, amounted real);' },
    { name: 'total with other words is not money', sql: 'CREATE TABLE t (id bigint PRIMARY KEY, total_score double precision, total_distance real, running_total_votes real);' },
    { name: 'money in numeric or integer minor units', sql: 'CREATE TABLE t (id bigint PRIMARY KEY, amount_cents bigint, total numeric(19, 4));' },
    { name: 'a later migration converts it', sql: 'CREATE TABLE orders (id bigint PRIMARY KEY, total real);', history: { after: ['ALTER TABLE orders ALTER COLUMN total TYPE numeric(12, 2);'] } },
  ],
  invalid: [
    {
      sql: 'CREATE TABLE orders (id bigint PRIMARY KEY, unit_price double precision NOT NULL, total real, shipping_cost float, "monthlyFee" float8, coffee real, grand_total float(53), balance2 float4);',
      errors: [
        { messageId: 'float', text: 'double precision' },
        { messageId: 'float', text: 'real' },
        { messageId: 'float', text: 'float' },
        { messageId: 'float', text: 'float8' },
        { messageId: 'float', text: 'float(53)' },
        { messageId: 'float', text: 'float4' },
      ],
      output: null,
    },
    {
      name: 'the words of the list, one each',
      sql: 'CREATE TABLE ledger (id bigint PRIMARY KEY, amount real, fee real, salary real, wage real, revenue real, payment real, payout real, refund real, budget real, subtotal real, tax real, income real, profit real, earnings real, commission real, deposit real, withdrawal real, msrp real, rent real, money real, cash real, usd real, discount real, order_total real);',
      errors: Array.from({ length: 24 }, () => ({ messageId: 'float', text: 'real' })),
      output: null,
    },
    {
      name: 'a column of an earlier migration changed to a float here',
      sql: 'ALTER TABLE products ALTER COLUMN name TYPE text, ADD COLUMN list_price real;',
      errors: [{ messageId: 'float', text: 'real' }],
      output: null,
    },
  ],
} satisfies RuleCases;
