import type { ColumnModel, RelationModel } from '../model/schema/types';
import { renameTypeFix } from '../fix/type-edits';
import { columnsWrittenInFile } from '../model/column-writes';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'prefer-jsonb',
  category: 'schema-design',
  severity: 'warning',
  fixable: true,
  summary: 'Store JSON documents as jsonb, not json.',
  description:
    '`json` keeps the input text as it was written and re-parses it on every access: each `->`, `->>` or `@>`-style lookup parses the whole document again, there is no equality operator (so no DISTINCT, GROUP BY or UNIQUE on the column), and no GIN index can serve containment or key-existence queries. `jsonb` stores the parsed document in a binary form: lookups are fast, `=`, `@>`, `?` and jsonpath work, and a GIN index (`jsonb_ops` or `jsonb_path_ops`) makes them indexable. The price is that jsonb does not keep key order, duplicate keys (the last one wins) or whitespace. Keep `json` only when the exact text matters (a webhook body whose signature you verify, an audit copy of what a client sent): `-- schemaguard-ignore prefer-jsonb -- raw webhook body, signature checked`. The fix renames the type of a column this file creates when nothing else reads the column in a way jsonb could break (json_* functions in a CHECK, an index or generated expression, a view).',
  messages: {
    json:
      'Column "{{table}}"."{{column}}" is json: PostgreSQL keeps it as text and re-parses the whole document on every lookup, and it has no equality operator and no GIN index support. Use jsonb; keep json only if the exact input text (key order, duplicate keys, whitespace) must be preserved, and then ignore this with a reason.',
  },
  examples: {
    valid: [
      { sql: "CREATE TABLE settings (user_id bigint PRIMARY KEY, data jsonb NOT NULL DEFAULT '{}');", description: 'Parsed once, indexable with GIN.' },
    ],
    invalid: [
      { sql: "CREATE TABLE settings (user_id bigint PRIMARY KEY, data json NOT NULL DEFAULT '{}');", description: 'Every lookup re-parses the text.' },
      { sql: 'CREATE TABLE orders (id bigint PRIMARY KEY, metadata json[]);', description: 'Arrays of json too; the fix keeps the array.' },
    ],
  },
  check(context: RuleContext) {
    for (const write of columnsWrittenInFile(context, 'type', isJson)) {
      const { column, statement, range } = write;
      context.report({
        statement,
        start: range.start,
        end: range.end,
        messageId: 'json',
        data: { table: write.table.name, column: column.name },
        fixes: renameTypeFix(context, write, 'json', 'jsonb'),
      });
    }
  },
});

function isJson(_table: RelationModel, column: ColumnModel): boolean {
  return column.type.name === 'json' && !column.type.schema;
}
