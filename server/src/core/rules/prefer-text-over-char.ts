import type { ColumnModel, RelationModel } from '../model/schema/types';
import { isForeignKeyColumn } from '../model/column-usage';
import { columnsWrittenInFile } from '../model/column-writes';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'prefer-text-over-char',
  category: 'schema-design',
  severity: 'warning',
  fixable: false,
  summary: 'Use text (with a CHECK on the length if it matters) instead of char(n).',
  description:
    '`char(n)` / `character(n)` pads every shorter value with spaces up to n characters. The padding is ignored by `=` and `LIKE` on char(n) but not once the value is cast or concatenated (`\'ab\'::char(4) || \'x\'` drops the spaces, `length()` does not count them, a text parameter compared with it may not match), and values longer than n are an error rather than a visible choice. It is not faster or smaller than `text` or `varchar` in PostgreSQL: all three are stored the same way, and char(n) is the one that costs a padding step. Use `text`, and if the length is part of the data\'s definition say so with a CHECK (`CHECK (char_length(country) = 2)`), which can be changed later without rewriting the table. No quick fix: code that relies on the padding must be checked first. A foreign key column is not reported (its type follows the key it references). Keep char(n) only when an external contract requires it, and ignore it with a reason: `-- schemaguard-ignore prefer-text-over-char -- fixed-width export format`.',
  messages: {
    char:
      'Column "{{table}}"."{{column}}" is {{type}}: PostgreSQL pads shorter values with spaces, which comparisons ignore but casts, concatenation and clients do not, and it is no faster or smaller than text. Use text, with CHECK (char_length({{column}}) = n) if the length is part of the data.',
  },
  examples: {
    valid: [{ sql: 'CREATE TABLE countries (code text PRIMARY KEY CHECK (char_length(code) = 2), name text NOT NULL);', description: 'The length rule is a CHECK, easy to change.' }],
    invalid: [{ sql: 'CREATE TABLE countries (code char(2) PRIMARY KEY, name character(60) NOT NULL);', description: 'name is padded to 60 characters.' }],
  },
  check(context: RuleContext) {
    for (const { table, column, statement, range } of columnsWrittenInFile(context, 'type', isCharacter)) {
      const data = { table: table.name, column: column.name, type: context.text.slice(range.start, range.end) };
      context.report({ statement, start: range.start, end: range.end, messageId: 'char', data });
    }
  },
});

/** `char(n)` (bpchar to the parser; the one-byte "char" type is another type) that is not a foreign key. */
function isCharacter(table: RelationModel, column: ColumnModel): boolean {
  return column.type.written === 'bpchar' && !isForeignKeyColumn(table, column.name);
}
