import type { DeferredPart } from '../fix/after-transaction';
import { afterItsTransaction, mergeByInsertionPoint } from '../fix/after-transaction';
import { addedColumn, alterTableCommandRanges, columnConstraints, nonNullDefault, serialTypeOf } from '../model/alter-table';
import { columnConstraintSpans, removeSpan } from '../fix/column-constraints';
import { SET_NOT_NULL_USES_CHECK_FROM, notNullAfterBackfill, notNullViaCheck } from '../fix/not-null-via-check';
import { relationText } from '../fix/sql-text';
import type { ExistingTableCommand } from '../model/existing-table-commands';
import { existingTableCommands } from '../model/existing-table-commands';
import { relationName } from '../model/names';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-not-null-column-without-default',
  category: 'migration-safety',
  severity: 'error',
  fixable: true,
  summary: 'Do not add a NOT NULL column without a DEFAULT to an existing table: add it nullable, backfill, then enforce NOT NULL.',
  lock:
    'ADD COLUMN takes ACCESS EXCLUSIVE on the table. A NOT NULL column without a DEFAULT would leave every existing row NULL, so PostgreSQL checks the rows under that lock and the statement fails on any table that has one.',
  description:
    'A new column holds NULL in every existing row unless it has a DEFAULT, so `ADD COLUMN c int NOT NULL` only works on an empty table: on a production table the migration fails ("column contains null values"). It also breaks running code: the old version of the application inserts rows without the column, and every such INSERT fails once the column is NOT NULL. The safe sequence: add the column nullable (or with a constant DEFAULT, which is instant from PostgreSQL 11), deploy code that writes it, backfill the old rows in batches, then make it NOT NULL without a long lock: CHECK (c IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in its own transaction, SET NOT NULL (which then skips its scan, PostgreSQL 12+), and drop the CHECK. The quick fix writes those steps, with a comment where the backfill goes. Tables created earlier in the same file are not reported.',
  messages: {
    notNullWithoutDefault:
      'Adding NOT NULL column "{{column}}" without a DEFAULT to "{{table}}" fails as soon as the table has a row. Existing rows would hold NULL, which NOT NULL forbids, and code that inserts rows without the column breaks. Add it nullable, backfill it in batches, then enforce NOT NULL through a validated CHECK (or give it a constant DEFAULT).',
  },
  examples: {
    valid: [
      { sql: "ALTER TABLE users ADD COLUMN locale text NOT NULL DEFAULT 'en';", description: 'A constant DEFAULT fills existing rows without a rewrite (PostgreSQL 11+).' },
      { sql: 'ALTER TABLE users ADD COLUMN locale text;', description: 'Nullable: backfill it, then enforce NOT NULL through a validated CHECK.' },
      { sql: 'CREATE TABLE sessions (id bigint);\nALTER TABLE sessions ADD COLUMN token text NOT NULL;', description: 'The table is new and empty.' },
    ],
    invalid: [{ sql: 'ALTER TABLE users ADD COLUMN locale text NOT NULL;', description: 'Fails on a table with rows; the fix adds it nullable and enforces NOT NULL afterwards.' }],
  },
  check(context: RuleContext) {
    const findings = existingTableCommands(context).filter((entry) => isNotNullWithoutDefault(entry));
    const fixes = mergeByInsertionPoint(
      context,
      findings.map((entry) => (context.settings.postgresVersion >= SET_NOT_NULL_USES_CHECK_FROM ? nullableFirst(context, entry) : undefined)),
      'Add the column nullable, backfill, then SET NOT NULL through a validated CHECK',
    );
    findings.forEach((entry, position) => {
      const column = addedColumn(entry.command)!;
      const start = entry.statement.offsetOf(column.location);
      const fix = fixes[position];
      context.report({
        statement: entry.statement,
        start,
        end: Math.max(start, alterTableCommandRanges(entry.statement)?.[entry.index].end ?? entry.statement.end),
        messageId: 'notNullWithoutDefault',
        data: { column: column.colname ?? '?', table: relationName(entry.relation) },
        fixes: fix ? [fix] : [],
      });
    });
  },
});

function isNotNullWithoutDefault(entry: ExistingTableCommand): boolean {
  const column = addedColumn(entry.command);
  if (!column) return false;
  const constraints = columnConstraints(column);
  const notNull = constraints.some((constraint) => constraint.contype === 'CONSTR_NOTNULL' || constraint.contype === 'CONSTR_PRIMARY');
  const filled = constraints.some((constraint) => constraint.contype === 'CONSTR_IDENTITY' || constraint.contype === 'CONSTR_GENERATED');
  return notNull && !filled && !nonNullDefault(column) && !serialTypeOf(column);
}

/** Drops NOT NULL from the new column; after its transaction: a comment for the backfill, then NOT NULL through a validated CHECK. */
function nullableFirst(context: RuleContext, entry: ExistingTableCommand): DeferredPart | undefined {
  const { statement, relation } = entry;
  const column = addedColumn(entry.command)!;
  const constraints = columnConstraints(column);
  const notNull = constraints.findIndex((constraint) => constraint.contype === 'CONSTR_NOTNULL');
  // a PRIMARY KEY or a named NOT NULL (its name is part of the schema from PostgreSQL 18) is left to the author, and so is
  // ADD COLUMN IF NOT EXISTS: the steps after it would also run when the column already exists
  if (entry.command.missing_ok || notNull < 0 || constraints[notNull].conname || constraints.some((constraint) => constraint.contype === 'CONSTR_PRIMARY')) return undefined;
  const range = alterTableCommandRanges(statement)?.[entry.index];
  const span = range ? columnConstraintSpans(statement, column, range.end)?.[notNull] : undefined;
  const point = afterItsTransaction(context, statement);
  const steps = relation.relname && column.colname ? notNullViaCheck(relationText(statement, relation), relation.relname, column.colname) : undefined;
  if (!span || !point || !steps) return undefined;
  return { point, edits: [removeSpan(statement, span)], later: notNullAfterBackfill(steps, column.colname!) };
}
