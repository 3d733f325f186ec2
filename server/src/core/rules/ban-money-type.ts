import type { ColumnModel, RelationModel } from '../model/schema/types';
import { columnsWrittenInFile } from '../model/column-writes';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-money-type',
  category: 'schema-design',
  severity: 'warning',
  fixable: false,
  summary: 'Store amounts of money as numeric, not the money type.',
  description:
    'The `money` type has a fixed number of fractional digits taken from the database\'s `lc_monetary` setting, not from the data: the same value reads and prints differently on a server with another locale, a dump restored elsewhere can shift amounts by a factor of 100, it holds one currency only (no way to store which), and division or multiplication by non-integers rounds in ways numeric does not. Use `numeric(p, s)` with the precision your currency needs (for example numeric(19, 4)), and a currency column beside it when there can be more than one; or integer minor units (bigint cents) if the application works in those. No quick fix: the precision is a decision, and existing values must be converted with the locale in mind.',
  messages: {
    money:
      'Column "{{table}}"."{{column}}" is money: its fractional digits come from the server\'s lc_monetary locale, so values change meaning on another server or restore, and it cannot say which currency it holds. Use numeric(p, s) (e.g. numeric(19, 4)) with a currency column if there can be several, or bigint minor units.',
  },
  examples: {
    valid: [{ sql: 'CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric(19, 4) NOT NULL, currency text NOT NULL);', description: 'Exact, locale-independent.' }],
    invalid: [{ sql: 'CREATE TABLE invoices (id bigint PRIMARY KEY, total money NOT NULL);' }],
  },
  check(context: RuleContext) {
    for (const { table, column, statement, range } of columnsWrittenInFile(context, 'type', isMoneyType)) {
      context.report({ statement, start: range.start, end: range.end, messageId: 'money', data: { table: table.name, column: column.name } });
    }
  },
});

function isMoneyType(_table: RelationModel, column: ColumnModel): boolean {
  return column.type.name === 'money' && !column.type.schema;
}
