import type { InsertionPoint } from '../fix/after-transaction';
import { afterItsTransaction, statementsText } from '../fix/after-transaction';
import { alterTableCommandRanges, commandRemovalRange } from '../fix/alter-table-commands';
import { removeStatement } from '../fix/edits';
import { quoteIdentifier, relationText } from '../fix/sql-text';
import { alterTableCommands } from '../model/alter-table';
import type { ConstraintEvent } from '../model/constraint-history';
import { constraintEvents, sameTable } from '../model/constraint-history';
import { relationName } from '../model/names';
import type { OffsetEdit, RuleContext } from './types';
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
      'VALIDATE CONSTRAINT "{{name}}" runs in the same transaction as the ADD CONSTRAINT ... NOT VALID of it, because the migration runner wraps this file in one transaction. That transaction still holds the {{lock}} lock the ADD took on "{{table}}", so the scan blocks the table just as a plain ADD would. Move the VALIDATE to the next migration.',
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
    const moves = new Map<number, { point: InsertionPoint; edits: OffsetEdit[]; validations: string[] }>();
    const reports: Array<{ validate: ConstraintEvent; added: ConstraintEvent; move?: { point: InsertionPoint; edit: OffsetEdit; sql: string } }> = [];

    events.forEach((validate, position) => {
      if (validate.kind !== 'validate' || !validate.name) return;
      if (context.model.createdInFile(validate.relation, validate.statement)) return;
      const added = events
        .slice(0, position)
        .reverse()
        .find((event) => event.kind === 'add' && event.name === validate.name && sameTable(event.relation, validate.relation));
      if (!added?.constraint?.skip_validation || !sameTransaction(context, added, validate)) return;
      reports.push({ validate, added, move: moveOf(context, validate) });
    });

    for (const { move } of reports) {
      if (!move) continue;
      const group = moves.get(move.point.offset) ?? { point: move.point, edits: [], validations: [] };
      group.edits.push(move.edit);
      group.validations.push(move.sql);
      moves.set(move.point.offset, group);
    }
    for (const { validate, added, move } of reports) {
      const { statement } = validate;
      const index = alterTableCommands(statement.node).findIndex((command) => command.subtype === 'AT_ValidateConstraint' && command.name === validate.name);
      const range = alterTableCommandRanges(statement)?.[index];
      const group = move ? moves.get(move.point.offset) : undefined;
      const fixes = group
        ? [
            {
              title: 'Move VALIDATE CONSTRAINT after COMMIT',
              edits: [...group.edits, { start: group.point.offset, end: group.point.offset, newText: statementsText(context, group.point, group.validations) }],
            },
          ]
        : [];
      const runner = context.model.transaction(statement).openedBy === 'runner';
      context.report({
        statement,
        start: range?.start,
        end: range?.end,
        messageId: runner ? 'runnerTransaction' : 'sameTransaction',
        data: { name: validate.name ?? '?', table: relationName(validate.relation), lock: added.constraint?.contype === 'CONSTR_FOREIGN' ? 'SHARE ROW EXCLUSIVE' : 'ACCESS EXCLUSIVE' },
        fixes,
      });
    }
  },
});

function sameTransaction(context: RuleContext, added: ConstraintEvent, validate: ConstraintEvent): boolean {
  if (added.statement === validate.statement) return true;
  const a = context.model.transaction(added.statement);
  const b = context.model.transaction(validate.statement);
  return a.inTransaction && b.inTransaction && a.block === b.block;
}

/** Takes the VALIDATE out of its statement (or the whole statement when it is the only subcommand) to put it after the transaction. */
function moveOf(context: RuleContext, validate: ConstraintEvent): { point: InsertionPoint; edit: OffsetEdit; sql: string } | undefined {
  const { statement, relation } = validate;
  const point = afterItsTransaction(context, statement);
  const commands = alterTableCommands(statement.node);
  const ranges = alterTableCommandRanges(statement);
  if (!point || !ranges || !validate.name) return undefined;
  const sql = `ALTER TABLE ${relationText(statement, relation)} VALIDATE CONSTRAINT ${quoteIdentifier(validate.name)};`;
  if (commands.length === 1) return { point, edit: removeStatement(context.text, statement), sql };
  const index = commands.findIndex((command) => command.subtype === 'AT_ValidateConstraint' && command.name === validate.name);
  return { point, edit: { ...commandRemovalRange(ranges, index), newText: '' }, sql };
}
