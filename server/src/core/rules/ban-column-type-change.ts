import type { ColumnDef } from 'libpg-query';
import { alterTableCommandRanges, alterTableCommands } from '../model/alter-table';
import type { ExistingTableCommand } from '../model/existing-table-commands';
import { existingTableCommands } from '../model/existing-table-commands';
import { sameTable } from '../model/constraint-history';
import type { ColumnType } from '../model/column-type-change';
import { columnTypeOf, typeChangeVerdict } from '../model/column-type-change';
import { relationName } from '../model/names';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-column-type-change',
  category: 'migration-safety',
  severity: 'warning',
  fixable: false,
  summary: 'Do not change a column to a type that rewrites the table; change it by expand and contract.',
  lock:
    'ALTER COLUMN ... TYPE takes ACCESS EXCLUSIVE on the table. Unless the old values are valid as they are (varchar(n) to a longer varchar or to text, a larger numeric precision at the same scale, a larger time precision, cidr to inet), PostgreSQL rewrites the whole table and rebuilds its indexes while holding it: no reads, no writes.',
  description:
    'Changing a column\'s type converts every value: PostgreSQL writes a new copy of the table and rebuilds every index on it, all under ACCESS EXCLUSIVE, so nothing can read or write the table for the whole rewrite. It also changes what running code reads and writes (integer to bigint overflows 32-bit clients, text to an enum rejects unknown values). Changes that keep the stored values valid as they are do not rewrite: varchar(n) to varchar(m > n) or to text or varchar, numeric(p, s) to numeric(q > p, s) or numeric, timestamp(p) to a larger precision, bit varying to a longer one, cidr to inet, xml to text. The safe way for the others is expand and contract: add a column of the new type, keep it in sync with a trigger, backfill it in batches, switch the code to it, then drop the old column (or swap names in one short transaction). The rule reports a change only when it is sure it rewrites: the target type always needs converting (integer types, bigint, uuid, jsonb, boolean, date, char(n), ...) or a USING expression computes the values. A change to text, varchar, numeric or a time type from an unknown old type may be a no-op widening and is not reported. Tables created earlier in the same file are not reported.',
  messages: {
    rewrite:
      'Changing "{{table}}"."{{column}}" to {{type}} rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock. Every read and write of the table waits until the rewrite ends, and code that uses the old type may break. Add a new column of the new type, sync it with a trigger, backfill it in batches, switch the code over, then drop the old column.',
  },
  examples: {
    valid: [
      { sql: 'ALTER TABLE users ALTER COLUMN name TYPE varchar(200);', description: 'Widening a varchar (or changing it to text) keeps the table in place.' },
      { sql: 'ALTER TABLE invoices ALTER COLUMN total TYPE numeric(14,2);', description: 'More precision at the same scale: no rewrite.' },
    ],
    invalid: [
      { sql: 'ALTER TABLE orders ALTER COLUMN id TYPE bigint;', description: 'integer to bigint rewrites the table and every index on it.' },
      { sql: "ALTER TABLE orders ALTER COLUMN status TYPE text USING status || '';", description: 'A USING expression computes new values: a rewrite.' },
    ],
  },
  check(context: RuleContext) {
    for (const entry of existingTableCommands(context)) {
      const { command, statement } = entry;
      const column = command.name;
      const def = (command.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef;
      if (command.subtype !== 'AT_AlterColumnType' || !column || !def) continue;
      const to = columnTypeOf(def.typeName);
      if (!to) continue;
      if (typeChangeVerdict(to, { from: typeEarlierInFile(context, entry, column), using: def.raw_default, column }) !== 'rewrite') continue;
      const range = alterTableCommandRanges(statement)?.[entry.index];
      const typeStart = statement.offsetOf(def.typeName?.location);
      const using = def.raw_default ? statement.findWord('using', typeStart) : undefined;
      const typeEnd = using?.start ?? range?.end ?? statement.end;
      context.report({
        statement,
        start: range?.start,
        end: range?.end,
        messageId: 'rewrite',
        data: { table: relationName(entry.relation), column, type: context.text.slice(typeStart, typeEnd).trim() },
      });
    }
  },
});

/** The column's type as an earlier statement of this file set it (ADD COLUMN or ALTER COLUMN ... TYPE), if any. */
function typeEarlierInFile(context: RuleContext, entry: ExistingTableCommand, column: string): ColumnType | undefined {
  let found: ColumnType | undefined;
  for (const statement of context.statementsOf('AlterTableStmt')) {
    if (statement.index >= entry.statement.index) break;
    const relation = statement.node.relation;
    if (!relation || !sameTable(relation, entry.relation)) continue;
    for (const { cmd: command } of alterTableCommands(statement.node)) {
      const def = (command.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef;
      if (command.subtype === 'AT_AddColumn' && def?.colname === column) found = columnTypeOf(def.typeName);
      if (command.subtype === 'AT_AlterColumnType' && command.name === column) found = columnTypeOf(def?.typeName);
    }
  }
  return found;
}
