import type { DeferredPart } from '../fix/after-transaction';
import { afterItsTransaction, mergeByInsertionPoint } from '../fix/after-transaction';
import { alterTableCommandRanges } from '../model/alter-table';
import { insertAt, lineBreakOf, removeStatement } from '../fix/edits';
import { SET_NOT_NULL_USES_CHECK_FROM, notNullViaCheck, provesNotNull } from '../fix/not-null-via-check';
import { relationText } from '../fix/sql-text';
import type { ExistingTableCommand } from '../model/existing-table-commands';
import { existingTableCommands } from '../model/existing-table-commands';
import type { ConstraintEvent } from '../model/constraint-history';
import { constraintEvents, sameTable } from '../model/constraint-history';
import { relationName } from '../model/names';
import type { Statement } from '../source/document';
import type { OffsetEdit, RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'require-check-before-set-not-null',
  category: 'migration-safety',
  severity: 'warning',
  fixable: true,
  summary: 'Make an existing column NOT NULL through a validated CHECK (c IS NOT NULL) so that SET NOT NULL skips its scan.',
  lock:
    'ALTER COLUMN ... SET NOT NULL takes ACCESS EXCLUSIVE on the table (no reads, no writes) and holds it while it scans every row for NULLs. From PostgreSQL 12 the scan is skipped when a validated CHECK (c IS NOT NULL) exists; that CHECK is added NOT VALID (a brief ACCESS EXCLUSIVE) and validated under SHARE UPDATE EXCLUSIVE, which lets reads and writes through.',
  description:
    'SET NOT NULL must prove that no row holds a NULL, and it does so by reading the whole table while holding the strongest lock there is: on a large table every query waits for minutes. From PostgreSQL 12, SET NOT NULL skips that scan when a valid CHECK constraint already proves the column is never NULL. So: add `CHECK (c IS NOT NULL) NOT VALID` (instant), `VALIDATE CONSTRAINT` it in a separate transaction (scans, but reads and writes go on), then `SET NOT NULL` (instant) and drop the CHECK, which is redundant from then on. When a migration before this one added and validated the CHECK, a `DROP CONSTRAINT` of it after the SET NOT NULL in this file is taken as that pattern and not reported. Before PostgreSQL 12 there is no way around the scan. Tables created earlier in the same file are not reported, nor is a column the schema already has NOT NULL (a primary key column, or one an earlier migration made NOT NULL): SET NOT NULL then checks nothing.',
  messages: {
    scan:
      'SET NOT NULL on "{{table}}"."{{column}}" scans the whole table for NULLs while holding an ACCESS EXCLUSIVE lock. Every read and write of "{{table}}" waits until the scan ends. Add CHECK ("{{column}}" IS NOT NULL) NOT VALID and VALIDATE it {{where}}, then SET NOT NULL skips the scan, and drop the CHECK.',
    beforePostgres12:
      'SET NOT NULL on "{{table}}"."{{column}}" scans the whole table for NULLs while holding an ACCESS EXCLUSIVE lock. Before PostgreSQL 12 no constraint lets it skip the scan, so every read and write of "{{table}}" waits until it ends. Run it when the table is quiet, with a short lock_timeout, or keep a validated CHECK ("{{column}}" IS NOT NULL) instead of NOT NULL.',
  },
  examples: {
    valid: [
      {
        sql: 'ALTER TABLE users ADD CONSTRAINT users_email_not_null_check CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null_check;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_not_null_check;',
        description: 'The validated CHECK proves there is no NULL: SET NOT NULL does not scan.',
      },
      {
        sql: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_not_null_check;',
        description: 'The CHECK was added and validated by an earlier migration; this one finishes the pattern.',
      },
    ],
    invalid: [
      { sql: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;', description: 'Scans users under ACCESS EXCLUSIVE.' },
      { sql: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;', description: 'Before PostgreSQL 12 the scan cannot be avoided.', settings: { postgresVersion: 11 } },
    ],
  },
  check(context: RuleContext) {
    const events = constraintEvents(context.statements);
    const byStatement = new Map<Statement<'AlterTableStmt'>, ExistingTableCommand[]>();
    for (const entry of existingTableCommands(context)) {
      const column = entry.command.name;
      if (entry.command.subtype !== 'AT_SetNotNull' || !column || alreadyNotNull(context, entry, column)) continue;
      if (context.settings.postgresVersion >= SET_NOT_NULL_USES_CHECK_FROM && (checkedBefore(events, entry, column) || checkDroppedAfter(events, entry, column))) continue;
      byStatement.set(entry.statement, [...(byStatement.get(entry.statement) ?? []), entry]);
    }
    const statements = [...byStatement.keys()];
    const fixes =
      context.settings.postgresVersion >= SET_NOT_NULL_USES_CHECK_FROM
        ? mergeByInsertionPoint(
            context,
            statements.map((statement) => {
              const entries = byStatement.get(statement)!;
              // a CHECK of its own already in the file (never validated): adding another would clash or confuse
              const own = entries.some((entry) => events.some((event) => event.kind === 'add' && sameTable(event.relation, entry.relation) && !!event.constraint && provesNotNull(event.constraint, entry.command.name ?? '')));
              return own ? undefined : viaCheck(context, statement, entries);
            }),
            'SET NOT NULL through a validated CHECK constraint',
          )
        : [];
    statements.forEach((statement, position) => {
      const fix = fixes[position];
      const ranges = alterTableCommandRanges(statement);
      for (const entry of byStatement.get(statement)!) {
        const runner = context.model.transaction(statement).openedBy === 'runner';
        context.report({
          statement,
          start: ranges?.[entry.index].start,
          end: ranges?.[entry.index].end,
          messageId: context.settings.postgresVersion >= SET_NOT_NULL_USES_CHECK_FROM ? 'scan' : 'beforePostgres12',
          data: {
            table: relationName(entry.relation),
            column: entry.command.name ?? '?',
            where: runner ? 'in a later migration (the runner runs this file as one transaction)' : 'in a separate transaction',
          },
          fixes: fix ? [fix] : [],
        });
      }
    });
  },
});

/** True when the schema before the statement already has the column NOT NULL (a primary key, say): SET NOT NULL then checks nothing. */
function alreadyNotNull(context: RuleContext, entry: ExistingTableCommand, column: string): boolean {
  const state = context.schema.at(entry.statement.index);
  const key = entry.relation.relname ? state.resolveRelation({ schema: entry.relation.schemaname, name: entry.relation.relname }) : undefined;
  return !!key && state.relations.get(key)?.columns.some((candidate) => candidate.name === column && candidate.notNull) === true;
}

/** A validated constraint proving the column NOT NULL, added earlier in the file (or earlier in this statement). */
function checkedBefore(events: readonly ConstraintEvent[], entry: ExistingTableCommand, column: string): boolean {
  const upTo = events.findIndex((event) => event.statement.index > entry.statement.index);
  const earlier = upTo < 0 ? events : events.slice(0, upTo);
  return earlier.some((added, position) => {
    if (added.kind !== 'add' || !added.constraint || !sameTable(added.relation, entry.relation) || !provesNotNull(added.constraint, column)) return false;
    if (!added.constraint.skip_validation) return true;
    return earlier.slice(position + 1).some((event) => event.kind === 'validate' && event.name === added.name && sameTable(event.relation, entry.relation));
  });
}

/**
 * The end of the pattern whose CHECK an earlier migration added and validated: this file drops, after
 * the SET NOT NULL, a constraint of the table that it did not add, named after the column or NOT NULL.
 */
function checkDroppedAfter(events: readonly ConstraintEvent[], entry: ExistingTableCommand, column: string): boolean {
  const addedHere = new Set(events.filter((event) => event.kind === 'add' && sameTable(event.relation, entry.relation)).map((event) => event.name));
  return events.some(
    (event) =>
      event.kind === 'drop' &&
      event.statement.index >= entry.statement.index &&
      sameTable(event.relation, entry.relation) &&
      !!event.name &&
      !addedHere.has(event.name) &&
      (event.name.toLowerCase().includes(column.toLowerCase()) || /null|nn/i.test(event.name)),
  );
}

/**
 * Outside a transaction block: the CHECK is added and validated just before the statement, dropped
 * just after. Inside BEGIN ... COMMIT: the SET NOT NULL moves after the COMMIT with the other steps.
 */
function viaCheck(context: RuleContext, statement: Statement<'AlterTableStmt'>, entries: ExistingTableCommand[]): DeferredPart | undefined {
  const point = afterItsTransaction(context, statement);
  const ranges = alterTableCommandRanges(statement);
  const relation = statement.node.relation;
  if (!point || !ranges || !relation?.relname) return undefined;
  const table = relationText(statement, relation);
  const steps = entries.map((entry) => notNullViaCheck(table, relation.relname!, entry.command.name ?? ''));
  if (steps.some((step) => step === undefined)) return undefined;
  const all = steps as NonNullable<(typeof steps)[number]>[];
  const newline = lineBreakOf(context.text);
  if (!context.model.transaction(statement).inTransaction) {
    const before = all.flatMap((step) => [step.addCheck, step.validate]).map((sql) => `${sql}${newline}`).join('');
    return { point, edits: [insertAt(statement.start, before)], later: all.map((step) => step.dropCheck) };
  }
  const moved = new Set(entries.map((entry) => entry.index));
  const kept = ranges.filter((_range, index) => !moved.has(index));
  const edit: OffsetEdit =
    kept.length === 0
      ? removeStatement(context.text, statement)
      : { start: ranges[0].start, end: ranges[ranges.length - 1].end, newText: kept.map((range) => context.text.slice(range.start, range.end)).join(', ') };
  return { point, edits: [edit], later: all.flatMap((step) => [step.addCheck, step.validate, step.setNotNull, step.dropCheck]) };
}
