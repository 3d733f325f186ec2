import type { ColumnModel, RelationModel } from '../model/schema/types';
import { columnsWrittenInFile } from '../model/column-writes';
import { isMoneyName } from '../model/money-names';
import type { RuleContext } from './types';
import { defineRule } from './types';

const FLOATS: ReadonlySet<string> = new Set(['real', 'double precision']);

export default defineRule({
  id: 'ban-float-for-money',
  category: 'schema-design',
  severity: 'warning',
  fixable: false,
  summary: 'Do not store amounts of money in real / double precision: use numeric.',
  description:
    '`real` and `double precision` (`float`, `float4`, `float8`) are binary floating point: most decimal fractions have no exact value (0.1 + 0.2 is 0.30000000000000004), so sums drift, equal-looking amounts compare unequal, and rounding to cents happens at different places in different code paths. `numeric(p, s)` stores decimal digits exactly and rounds only where you say so; bigint minor units (cents) are the other exact choice. The rule reports a float column whose name says it holds money: one of price, cost, amount, fee, salary, wage, balance, revenue, payment, payout, refund, budget, subtotal, tax, income, profit, earnings, commission, deposit, withdrawal, msrp, rent, money, cash, cents, usd, eur, gbp, discount (or their plurals), or total alone or with grand / sub / order / invoice / cart / line / net / gross, as a word of the name (`unit_price`, `totalAmount`, `monthly_fee`), unless another word makes it a ratio, a count or a physical quantity (`tax_rate`, `price_ratio`, `discount_pct`, `cost_factor`, `amount_ml`, `total_time`). If the column is not money (an amount of a substance, say), ignore it with a reason: `-- schemaguard-ignore ban-float-for-money -- grams, not money`.',
  messages: {
    float:
      'Column "{{table}}"."{{column}}" looks like an amount of money but is {{type}}, binary floating point: decimal fractions such as 0.10 have no exact value, so sums drift and equal amounts compare unequal. Use numeric(p, s) (e.g. numeric(19, 4)) or bigint minor units; if the column is not money, ignore this with a reason.',
  },
  examples: {
    valid: [
      { sql: 'CREATE TABLE products (id bigint PRIMARY KEY, price numeric(12, 2) NOT NULL, weight_kg real);', description: 'Money is exact; a physical quantity may be a float.' },
      { sql: 'CREATE TABLE taxes (region text PRIMARY KEY, tax_rate double precision NOT NULL);', description: 'A rate is not an amount of money.' },
    ],
    invalid: [{ sql: 'CREATE TABLE products (id bigint PRIMARY KEY, unit_price double precision NOT NULL);' }],
  },
  check(context: RuleContext) {
    for (const { table, column, statement, range } of columnsWrittenInFile(context, 'type', floatMoney)) {
      const data = { table: table.name, column: column.name, type: column.type.name };
      context.report({ statement, start: range.start, end: range.end, messageId: 'float', data });
    }
  },
});

/** A float column named as money. */
function floatMoney(_table: RelationModel, column: ColumnModel): boolean {
  return FLOATS.has(column.type.name) && !column.type.schema && isMoneyName(column.name);
}
