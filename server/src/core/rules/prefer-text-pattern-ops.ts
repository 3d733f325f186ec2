import { designTables, isTextType, objectHeadRange, ownColumns, queryOwnerText, queriedTables, reportedHere, statementOf } from '../model/design';
import type { ColumnModel, IndexKey, IndexModel } from '../model/schema/types';
import type { RuleContext } from './types';
import { defineRule } from './types';

/** Collations under which a btree index orders by bytes, as LIKE prefix matching needs. */
const BYTE_ORDER = new Set(['C', 'c', 'POSIX', 'posix', 'ucs_basic', 'pg_c_utf8']);
/** Locale-named collations (en_US, de_DE.utf8, und-x-icu, fr-FR-x-icu): linguistic ordering, known without the database. */
const LOCALE_NAME = /^(und|[a-z]{2,3})([-_][A-Za-z0-9]+)*(\.[A-Za-z0-9-]+)?$/;
const PATTERN_OPS: Record<string, string> = { text: 'text_pattern_ops', 'character varying': 'varchar_pattern_ops', character: 'bpchar_pattern_ops', bpchar: 'bpchar_pattern_ops' };

export default defineRule({
  id: 'prefer-text-pattern-ops',
  category: 'schema-design',
  severity: 'hint',
  fixable: false,
  summary: 'Under a linguistic collation, give LIKE prefix searches an index with text_pattern_ops.',
  description:
    'A btree index can answer `name LIKE \'abc%\'` by a range scan only when it orders values byte by byte: under the C collation, or with the `text_pattern_ops` / `varchar_pattern_ops` operator class. Under a linguistic collation (`en_US`, `de_DE.utf8`, an ICU locale) the ordering follows language rules, the planner cannot turn the prefix into a range, and the query scans the table although the column is indexed. The rule only speaks where the schema model knows the collation: a column with an explicit COLLATE of a locale name, indexed by a plain btree index whose first key it is, and a view or function of the history that matches it with LIKE and a constant prefix; it never guesses the database\'s default collation or the application\'s queries. Reported in the file where the last of the column, the index and the query came in. Add a second index with the pattern operator class (`CREATE INDEX ON t (name text_pattern_ops)`): it serves LIKE prefixes and equality, while the plain index keeps serving ORDER BY and range comparisons in the column\'s collation; a trigram GIN index also serves LIKE. No quick fix: whether the plain index is still needed depends on the other queries. If prefix searches are rare or the table small, ignore with `-- schemaguard-ignore prefer-text-pattern-ops -- reason`.',
  messages: {
    linguistic:
      'Column "{{column}}" of "{{table}}" has collation "{{collation}}", so its btree index "{{index}}" cannot serve the LIKE \'{{pattern}}\' prefix search of {{owner}}: it scans the table; add an index with the pattern operator class, CREATE INDEX ON {{table}} ({{column}} {{opclass}}). If prefix searches are rare or the table is small, ignore it with a reason (-- schemaguard-ignore prefer-text-pattern-ops -- reason).',
  },
  examples: {
    valid: [
      {
        sql: 'CREATE TABLE products (id bigint PRIMARY KEY, sku text COLLATE "en_US");\nCREATE INDEX products_sku_pattern_idx ON products (sku text_pattern_ops);\nCREATE VIEW abc_products AS SELECT * FROM products WHERE sku LIKE \'ABC%\';',
        description: 'The pattern operator class orders byte by byte: LIKE prefixes use the index.',
      },
    ],
    invalid: [
      {
        sql: 'CREATE TABLE products (id bigint PRIMARY KEY, sku text COLLATE "en_US");\nCREATE INDEX products_sku_idx ON products (sku);\nCREATE VIEW abc_products AS SELECT * FROM products WHERE sku LIKE \'ABC%\';',
        description: 'Under en_US the plain index cannot turn the prefix into a range.',
      },
    ],
  },
  check(context: RuleContext) {
    const final = context.schema.final;
    const { uses, tables: queried } = queriedTables(context.schema, (use) => use.operator === '~~' && hasLiteralPrefix(use.constant));
    if (queried.size === 0) return;
    for (const { key, table } of designTables(final)) {
      if (!queried.has(key)) continue;
      for (const column of ownColumns(table)) {
        if (!isTextType(column.type) || !linguistic(column.collation)) continue;
        const use = uses.find((candidate) => candidate.table === key && candidate.column === column.name);
        if (!use) continue;
        const indexes = final.indexesOf(key).filter((index) => index.valid && leads(index, column.name));
        if (indexes.some((index) => servesPrefix(index, column))) continue;
        const plain = indexes.find((index) => index.method === 'btree');
        if (!plain) continue;
        const ref = reportedHere(context.schema, [column.changed, plain.origin, use.at]);
        const statement = ref && statementOf(context, ref);
        if (!ref || !statement) continue;
        const range = ref === column.origin ? { start: ref.start, end: ref.end } : objectHeadRange(statement);
        context.report({
          statement,
          ...range,
          messageId: 'linguistic',
          data: { column: column.name, table: table.name, collation: column.collation!, index: plain.name, pattern: use.constant!, owner: queryOwnerText(context.schema, use), opclass: PATTERN_OPS[column.type.name] ?? 'text_pattern_ops' },
        });
      }
    }
  },
});

function linguistic(collation: string | undefined): boolean {
  return collation !== undefined && !BYTE_ORDER.has(collation) && collation !== 'default' && LOCALE_NAME.test(collation);
}

/** A LIKE pattern that starts with a literal character (a prefix a btree range could use). */
function hasLiteralPrefix(pattern: string | undefined): boolean {
  return pattern !== undefined && pattern.length > 1 && pattern[0] !== '%' && pattern[0] !== '_' && pattern.endsWith('%');
}

function leads(index: IndexModel, column: string): boolean {
  return index.keys[0]?.column === column || (index.method !== 'btree' && index.keys.some((key) => key.column === column));
}

/** A btree index in byte order (pattern operator class or a C collation on the key), or a trigram index. */
function servesPrefix(index: IndexModel, column: ColumnModel): boolean {
  const key: IndexKey = index.method === 'btree' ? index.keys[0] : (index.keys.find((entry) => entry.column === column.name) ?? index.keys[0]);
  if (/trgm_ops$/.test(key.opclass ?? '')) return true;
  if (index.method !== 'btree') return false;
  return /_pattern_ops$/.test(key.opclass ?? '') || BYTE_ORDER.has(key.collation ?? column.collation ?? '');
}
