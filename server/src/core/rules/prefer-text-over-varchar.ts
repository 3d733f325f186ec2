import type { ColumnModel, RelationModel } from '../model/schema/types';
import { isForeignKeyColumn } from '../model/column-usage';
import { columnsWrittenInFile } from '../model/column-writes';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'prefer-text-over-varchar',
  category: 'schema-design',
  severity: 'hint',
  fixable: false,
  summary: 'Consider text with a CHECK on its length instead of varchar(n).',
  description:
    'In PostgreSQL `varchar(n)` is `text` with a length check built into the type: it is not stored more compactly or compared faster. The limit is often an arbitrary number (255 from other databases) that later turns out too small, and raising it is an ALTER COLUMN TYPE, which rewrites nothing but takes an ACCESS EXCLUSIVE lock and fails while a view uses the column, and lowering it means checking every row under that lock. `text` with a named CHECK (`CONSTRAINT users_name_length CHECK (char_length(name) <= 200)`) says the same thing, can be changed with ADD CONSTRAINT ... NOT VALID and VALIDATE without blocking writes, and can express more than a maximum. This is a hint, not a defect: varchar(n) is fine when the limit is a real, stable rule (an external format), or when you prefer the type to carry it. Foreign key columns are not reported (their type follows the referenced key). Ignore it with a reason, or turn the rule off for the workspace in `.schemaguard.json`.',
  messages: {
    varchar:
      'Column "{{table}}"."{{column}}" is {{type}}: in PostgreSQL that is text with a length check in the type, no smaller or faster, and changing the limit later means ALTER COLUMN TYPE. Consider text with a CHECK (char_length({{column}}) <= n), which can be changed without blocking writes; keep varchar(n) if the limit is a stable external rule.',
  },
  examples: {
    valid: [
      { sql: 'CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL CONSTRAINT users_name_length CHECK (char_length(name) <= 200));', description: 'The limit is a constraint of its own.' },
      { sql: 'CREATE TABLE notes (id bigint PRIMARY KEY, body varchar);', description: 'varchar without a length is text.' },
    ],
    invalid: [{ sql: 'CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255) NOT NULL);' }],
  },
  check(context: RuleContext) {
    for (const { table, column, statement, range } of columnsWrittenInFile(context, 'type', boundedVarchar)) {
      const data = { table: table.name, column: column.name, type: context.text.slice(range.start, range.end) };
      context.report({ statement, start: range.start, end: range.end, messageId: 'varchar', data });
    }
  },
});

/** varchar(n) that is not a foreign key (whose type follows the key it references). */
function boundedVarchar(table: RelationModel, column: ColumnModel): boolean {
  return column.type.name === 'character varying' && column.type.modifiers.length > 0 && !isForeignKeyColumn(table, column.name);
}
