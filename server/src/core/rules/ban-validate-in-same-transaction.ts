import type { DeferredPart } from '../fix/after-transaction';
import { afterItsTransaction, mergeByInsertionPoint } from '../fix/after-transaction';
import { alterTableCommandRanges, alterTableCommands, commandRemovalRange } from '../model/alter-table';
import { removeStatement } from '../fix/edits';
import { quoteIdentifier, relationText } from '../fix/sql-text';
import type { ConstraintEvent } from '../model/constraint-history';
import { constraintEvents, sameTable } from '../model/constraint-history';
import { relationName } from '../model/names';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-validate-in-same-transaction',
  category: 'migration-safety',
  severity: 'warning',
  fixable: true,
  summary: 'Run VALIDATE CONSTRAINT in a later transaction than the ADD CONSTRAINT ... NOT VALID it validates.',
  lock:
    'ADD CONSTRAINT ... NOT VALID takes ACCESS EXCLUSIVE on the table (SHARE ROW EXCLUSIVE on both tables for a foreign key) and keeps it until the transaction ends, so a VALIDATE CONSTRAINT in the same transaction scans the whole table under that lock instead of under SHARE UPDATE EXCLUSIVE.',
  description:
    'NOT VALID exists so that the slow part, checking the existing rows, runs under a weak lock: VALIDATE CONSTRAINT takes only SHARE UPDATE EXCLUSIVE, so reads and writes go on while it scans. But a lock, once taken, is held until the end of the transaction. When the VALIDATE runs in the same transaction as the ADD (inside BEGIN ... COMMIT, in one ALTER TABLE statement, or in a file the migration runner wraps in one transaction), the ADD\'s strong lock is still held during the scan, and the migration blocks the table exactly as a plain ADD CONSTRAINT would. COMMIT after the ADD and validate in a transaction of its own, or in the next migration when the runner wraps each file.',
  messages: {
    sameTransaction:
      'VALIDATE CONSTRAINT "{{name}}" runs in the same transaction as the ADD CONSTRAINT ... NOT VALID of it. That transaction still holds the {{lock}} lock the ADD took on "{{table}}", so the scan blocks the table just as a plain ADD would. Validate after COMMIT, in a transaction of its own.',
    runnerTransaction:
      'VALIDATE CONSTRAINT "{{name}}" runs in the same transaction as the ADD CONSTRAINT ... NOT VALID of it, because the migration runner runs this file as one transaction. That transaction still holds the {{lock}} lock the ADD took on "{{table}}", so the scan blocks the table just as a plain ADD would. Move the VALIDATE to the next migration.',
  },
  examples: {
    valid: [
      {
        sql: 'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;',
        description: 'Outside a transaction block each statement commits on its own: the VALIDATE scans under SHARE UPDATE EXCLUSIVE.',
      },
    ],
    invalid: [
      {
        sql: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\nCOMMIT;',
        description: 'The ACCESS EXCLUSIVE lock of the ADD is held during the scan; the fix moves the VALIDATE after COMMIT.',
      },
    ],
  },
  check(context: RuleContext) {
    const events = constraintEvents(context.statements);
    const found: Array<{ validate: ConstraintEvent; added: ConstraintEvent }> = [];
    events.forEach((validate, position) => {
      if (validate.kind !== 'validate' || !validate.name) return;
      if (context.model.createdInFile(validate.relation, validate.statement)) return;
      const added = events
        .slice(0, position)
        .reverse()
        .find((event) => event.kind === 'add' && event.name === validate.name && sameTable(event.relation, validate.relation));
      if (added?.constraint?.skip_validation && sameTransaction(context, added, validate)) found.push({ validate, added });
    });
    const fixes = mergeByInsertionPoint(
      context,
      found.map(({ validate }) => moveAfterTransaction(context, validate)),
      'Move VALIDATE CONSTRAINT after COMMIT',
    );
    found.forEach(({ validate, added }, position) => {
      const { statement } = validate;
      const range = alterTableCommandRanges(statement)?.[validateIndex(validate)];
      const fix = fixes[position];
      context.report({
        statement,
        start: range?.start,
        end: range?.end,
        messageId: context.model.transaction(statement).openedBy === 'runner' ? 'runnerTransaction' : 'sameTransaction',
        data: { name: validate.name ?? '?', table: relationName(validate.relation), lock: added.constraint?.contype === 'CONSTR_FOREIGN' ? 'SHARE ROW EXCLUSIVE' : 'ACCESS EXCLUSIVE' },
        fixes: fix ? [fix] : [],
      });
    });
  },
});

function sameTransaction(context: RuleContext, added: ConstraintEvent, validate: ConstraintEvent): boolean {
  if (added.statement === validate.statement) return true;
  const a = context.model.transaction(added.statement);
  const b = context.model.transaction(validate.statement);
  return a.inTransaction && b.inTransaction && a.block === b.block;
}

function validateIndex(validate: ConstraintEvent): number {
  return alterTableCommands(validate.statement.node).find(({ cmd }) => cmd.subtype === 'AT_ValidateConstraint' && cmd.name === validate.name)?.index ?? -1;
}

/** Takes the VALIDATE out of its statement (or the whole statement when it is the only subcommand) to put it after the transaction. */
function moveAfterTransaction(context: RuleContext, validate: ConstraintEvent): DeferredPart | undefined {
  const { statement, relation } = validate;
  const point = afterItsTransaction(context, statement);
  const ranges = alterTableCommandRanges(statement);
  const index = validateIndex(validate);
  if (!point || !ranges || !validate.name || index < 0) return undefined;
  const later = [`ALTER TABLE ${relationText(statement, relation)} VALIDATE CONSTRAINT ${quoteIdentifier(validate.name)};`];
  const edit = ranges.length === 1 ? removeStatement(context.text, statement) : { ...commandRemovalRange(ranges, index), newText: '' };
  return { point, edits: [edit], later };
}
