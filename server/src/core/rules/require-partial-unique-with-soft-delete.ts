import { insertAt } from '../fix/edits';
import type { SoftDeleteMarker } from '../model/design';
import { clauseRange, columnNamed, designTables, indexColumnsText, nameWords, referencedByForeignKey, reportedHere, softDeleteMarkers, statementOf, touchedRelations } from '../model/design';
import { forEachNode } from '../model/parse-tree';
import { columnsReadBy } from '../model/schema/expression';
import type { ColumnModel, IndexModel, RelationModel } from '../model/schema/types';
import type { Statement } from '../source/document';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'require-partial-unique-with-soft-delete',
  category: 'schema-design',
  severity: 'info',
  fixable: true,
  summary: 'On a table with soft delete, make unique indexes partial on the live rows (WHERE deleted_at IS NULL).',
  description:
    'A soft-deleted row stays in the table with `deleted_at` set (or an `is_deleted` flag), and a unique constraint or index still counts it: the deleted row keeps its email, slug or name, and inserting a new live row with the same value fails (a user who deleted their account cannot sign up again, a deleted project blocks its name). A partial unique index, `CREATE UNIQUE INDEX ... WHERE deleted_at IS NULL`, enforces uniqueness among live rows only. Putting `deleted_at` into the key does not work either: it is NULL on every live row, and NULLs are distinct, so two live rows may then share the value. The rule judges the schema after the whole history and reports where the last of the two came in: the unique index, or the soft-delete column added to a table that already had it. Primary keys, and unique keys with a column that is unique per row by itself (identity, serial, uuid, a column with a generated default, a token) or fixed by the content (an md5 or sha256 of a file, a checksum), are not reported: a deleted row never blocks a new one there, or blocks only the same content again, which deduplication means. History tables (`*_versions`, `*_audits`) are left alone: their `is_deleted` records the state of the row a version describes. The fix adds the WHERE clause to a CREATE UNIQUE INDEX of this file that no foreign key relies on (a foreign key needs a non-partial unique index); a UNIQUE constraint must first become an index. Keeping the deleted rows in the uniqueness is right when a deleted value must never come back (a username that may not be reused): say so with `-- schemaguard-ignore require-partial-unique-with-soft-delete -- reason`.',
  messages: {
    counted:
      'Unique {{what}} "{{name}}" {{columns}} on "{{table}}" still counts the rows soft-deleted through "{{column}}": a deleted row keeps its value and blocks every new row with the same one; make it a partial unique index WHERE {{condition}}, or, when a deleted value must never come back, keep it and say why (-- schemaguard-ignore require-partial-unique-with-soft-delete -- reason).',
    nullsDistinct:
      'Unique {{what}} "{{name}}" {{columns}} on "{{table}}" includes "{{column}}", which is NULL on every live row, and NULLs are distinct: two live rows may share all the other columns; make it a partial unique index on the other columns WHERE {{column}} IS NULL. If live rows here always carry a value in "{{column}}", ignore it with a reason (-- schemaguard-ignore require-partial-unique-with-soft-delete -- reason).',
  },
  examples: {
    valid: [
      {
        sql: 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, deleted_at timestamptz);\nCREATE UNIQUE INDEX users_email_key ON users (email) WHERE deleted_at IS NULL;',
        description: 'Only live rows must have distinct emails.',
      },
      {
        sql: 'CREATE TABLE sessions (id bigint PRIMARY KEY, token text NOT NULL UNIQUE, deleted_at timestamptz);',
        description: 'A token is random: a deleted session never blocks a new one.',
      },
    ],
    invalid: [
      {
        sql: 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, deleted_at timestamptz);\nCREATE UNIQUE INDEX users_email_key ON users (email);',
        description: 'A user who deleted their account cannot sign up again with the same email.',
      },
      {
        sql: 'CREATE TABLE projects (id bigint PRIMARY KEY, slug text NOT NULL, deleted_at timestamptz, UNIQUE (slug, deleted_at));',
        description: 'deleted_at is NULL on every live row: two live projects may share a slug.',
      },
    ],
  },
  check(context: RuleContext) {
    const final = context.schema.final;
    const touched = touchedRelations(context.schema);
    for (const { key, table } of designTables(final)) {
      if (!touched.has(key)) continue;
      const marker = preferredMarker(softDeleteMarkers(table));
      if (!marker) continue;
      for (const index of final.indexesOf(key)) {
        if (!index.unique || index.primary || index.parent || !index.valid) continue;
        if (columnsReadBy(index.predicate?.node).includes(marker.column.name)) continue;
        const inKey = index.keys.some((entry) => entry.column === marker.column.name);
        if (inKey && (marker.kind === 'flag' || index.nullsNotDistinct || marker.column.notNull)) continue;
        if (!inKey && index.keys.some((entry) => uniquePerRow(columnNamed(table, entry.column), table))) continue;
        const ref = reportedHere(context.schema, [index.origin, marker.column.origin]);
        const statement = ref && statementOf(context, ref);
        if (!ref || !statement) continue;
        const range = ref === marker.column.origin || statement.is('IndexStmt') ? { start: ref.start, end: ref === marker.column.origin ? ref.end : statement.end } : clauseRange(statement, ref.start);
        const condition = marker.kind === 'time' ? `${marker.column.name} IS NULL` : `NOT ${marker.column.name}`;
        const fix = ref === index.origin && !inKey ? partialIndexFix(context, statement, index, key, condition) : undefined;
        context.report({
          statement,
          ...range,
          messageId: inKey ? 'nullsDistinct' : 'counted',
          data: { what: index.constraint ? 'constraint' : 'index', name: index.name, columns: indexColumnsText(index), table: table.name, column: marker.column.name, condition },
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
});

/** A deletion time when there is one (it is what partial indexes test), else a flag. */
function preferredMarker(markers: readonly SoftDeleteMarker[]): SoftDeleteMarker | undefined {
  return markers.find((marker) => marker.kind === 'time') ?? markers[0];
}

/** Words of values new on every row (random) or fixed by the content (a file's hash): a deleted row's value comes back only as the same content, which deduplication means to refuse. */
const PER_ROW_WORDS = new Set(['uuid', 'guid', 'token', 'digest', 'nonce', 'secret', 'md5', 'sha1', 'sha256', 'sha512', 'checksum', 'hash', 'fingerprint']);

/** A column whose value is new on every row (a deleted row never holds a value a new row will want). */
function uniquePerRow(column: ColumnModel | undefined, table: RelationModel): boolean {
  if (!column) return false;
  if (column.identity || column.serial || column.type.name === 'uuid' || nameWords(column.name).some((word) => PER_ROW_WORDS.has(word))) return true;
  let calls = false;
  forEachNode(column.default?.node, (kind) => {
    if (kind === 'FuncCall') calls = true;
  });
  if (calls && !column.generated) return true;
  const primary = table.constraints.find((constraint) => constraint.type === 'primary');
  return primary?.columns.length === 1 && primary.columns[0] === column.name;
}

/** Adds the WHERE clause to a CREATE UNIQUE INDEX of this file that has none and that no foreign key needs. */
function partialIndexFix(context: RuleContext, statement: Statement, index: IndexModel, tableKey: string, condition: string) {
  if (!statement.is('IndexStmt') || statement.node.whereClause || !statement.node.unique) return undefined;
  if (referencedByForeignKey(context.schema.final, tableKey, index)) return undefined;
  return { title: `Make "${index.name}" partial: WHERE ${condition}`, edits: [insertAt(statement.end, ` WHERE ${condition}`)] };
}
