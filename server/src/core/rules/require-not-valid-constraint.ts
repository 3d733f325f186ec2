import type { ColumnDef, Constraint } from 'libpg-query';
import type { DeferredPart } from '../fix/after-transaction';
import { afterItsTransaction, mergeByInsertionPoint } from '../fix/after-transaction';
import type { TextRange } from '../model/statement-ranges';
import { addedColumn, addedConstraint, alterTableCommandRanges, columnConstraints, nonNullDefault } from '../model/alter-table';
import { columnConstraintSpans, removeSpan } from '../fix/column-constraints';
import { insertAt } from '../fix/edits';
import { quoteIdentifier, relationText } from '../fix/sql-text';
import type { ExistingTableCommand } from '../model/existing-table-commands';
import { existingTableCommands } from '../model/existing-table-commands';
import { constraintName, objectName } from '../model/constraint-names';
import { relationName } from '../model/names';
import type { Statement } from '../source/document';
import type { OffsetEdit, RuleContext } from './types';
import { defineRule } from './types';
import { notValidConstraintAlembicFix } from '../fix/alembic/not-valid';

const IN_SEPARATE_TRANSACTION = 'in a separate transaction';
const IN_LATER_MIGRATION = 'in a later migration, since the runner runs this file as one transaction';

export default defineRule({
  id: 'require-not-valid-constraint',
  category: 'migration-safety',
  severity: 'warning',
  fixable: true,
  summary: 'Add CHECK and FOREIGN KEY constraints to existing tables NOT VALID, then VALIDATE them in a separate transaction.',
  lock:
    'ADD CONSTRAINT ... CHECK takes ACCESS EXCLUSIVE on the table (no reads, no writes) and ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE on both tables (no writes), and both hold it while every existing row is checked. With NOT VALID the ADD is instant; VALIDATE CONSTRAINT then scans under SHARE UPDATE EXCLUSIVE, which lets reads and writes through.',
  description:
    "Adding a CHECK or FOREIGN KEY constraint makes PostgreSQL check every existing row while it holds the lock the ADD took: for a CHECK no query can read or write the table until the scan ends, for a foreign key no row of either table can be written. On a large table that is minutes of downtime. Adding the constraint `NOT VALID` skips the scan (new and updated rows are checked at once), and `ALTER TABLE ... VALIDATE CONSTRAINT` later checks the old rows under a lock that lets reads and writes continue. The VALIDATE must run in its own transaction: in the same one, the ADD's lock is still held during the scan. A CHECK written on a column that ADD COLUMN adds is checked the same way, and so is a REFERENCES on a column added with a DEFAULT (without a DEFAULT the column is all NULL and PostgreSQL skips the check). Tables created earlier in the same file are empty, so no finding there. Before PostgreSQL 18, a foreign key on a partitioned table cannot be added NOT VALID.",
  messages: {
    check:
      'Adding CHECK constraint "{{name}}" checks every existing row of "{{table}}". The scan holds an ACCESS EXCLUSIVE lock, so every read and write of the table waits until it ends. Add it NOT VALID, then run VALIDATE CONSTRAINT {{where}}.',
    foreignKey:
      'Adding foreign key "{{name}}" checks every existing row of "{{table}}" against "{{referenced}}". The scan holds SHARE ROW EXCLUSIVE locks on both tables, so every write to either waits until it ends. Add it NOT VALID, then run VALIDATE CONSTRAINT {{where}}.',
    inlineCheck:
      'The CHECK on new column "{{column}}" checks every existing row of "{{table}}". The scan holds the ACCESS EXCLUSIVE lock of ADD COLUMN, so every read and write of the table waits until it ends. Add the column, add the CHECK as a NOT VALID constraint, then run VALIDATE CONSTRAINT {{where}}.',
    inlineForeignKey:
      'The REFERENCES on new column "{{column}}" checks its DEFAULT in every existing row of "{{table}}" against "{{referenced}}". The scan holds the ACCESS EXCLUSIVE lock of ADD COLUMN, so every read and write of the table waits until it ends. Add the column, add the foreign key NOT VALID, then run VALIDATE CONSTRAINT {{where}}.',
  },
  examples: {
    valid: [
      {
        sql: 'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;',
        description: 'The ADD is instant; VALIDATE lets reads and writes through while it scans.',
      },
      {
        sql: 'CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);\nALTER TABLE invoices ADD CONSTRAINT invoices_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id);',
        description: 'A table created in the same file is empty: nothing to scan.',
      },
      { sql: 'ALTER TABLE orders ADD COLUMN customer_id bigint REFERENCES customers (id);', description: 'A new column without a DEFAULT is all NULL: PostgreSQL skips the check.' },
    ],
    invalid: [
      { sql: 'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);', description: 'Blocks reads and writes of orders while every row is checked.' },
      { sql: 'ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id);', description: 'Blocks writes to orders and customers while every order is checked.' },
    ],
  },
  alembicFix: notValidConstraintAlembicFix,
  check(context: RuleContext) {
    const byStatement = new Map<Statement<'AlterTableStmt'>, Finding[]>();
    for (const entry of existingTableCommands(context)) {
      const found = findingsOf(context, entry);
      if (found.length > 0) byStatement.set(entry.statement, [...(byStatement.get(entry.statement) ?? []), ...found]);
    }
    // one fix per insertion point, covering every constraint that validates there, so that fixes never collide
    const statements = [...byStatement.keys()];
    const fixes = mergeByInsertionPoint(
      context,
      statements.map((statement) => deferredValidation(context, statement, byStatement.get(statement)!)),
      'Add NOT VALID, then VALIDATE CONSTRAINT in a separate transaction',
    );
    statements.forEach((statement, index) => {
      const fix = fixes[index];
      for (const finding of byStatement.get(statement)!) {
        context.report({ statement, start: finding.start, end: finding.end, messageId: finding.messageId, data: finding.data, fixes: fix ? [fix] : [] });
      }
    });
  },
});

interface Finding {
  start: number;
  end: number;
  messageId: string;
  data: Record<string, string>;
  /** The name VALIDATE CONSTRAINT will use and the edits that make the constraint NOT VALID; undefined when no fix is known. */
  repair?: { name: string; edits: OffsetEdit[] };
}

function findingsOf(context: RuleContext, entry: ExistingTableCommand): Finding[] {
  const range = alterTableCommandRanges(entry.statement)?.[entry.index];
  const where = context.model.transaction(entry.statement).openedBy === 'runner' ? IN_LATER_MIGRATION : IN_SEPARATE_TRANSACTION;
  const constraint = addedConstraint(entry.command);
  if (constraint) return tableConstraintFindings(entry, constraint, range, where);
  const column = addedColumn(entry.command);
  if (column) return columnConstraintFindings(entry, column, range, where);
  return [];
}

function tableConstraintFindings(entry: ExistingTableCommand, constraint: Constraint, range: TextRange | undefined, where: string): Finding[] {
  if (constraint.skip_validation) return []; // NOT VALID, or NOT ENFORCED (PostgreSQL 18)
  if (constraint.contype !== 'CONSTR_CHECK' && constraint.contype !== 'CONSTR_FOREIGN') return [];
  const { statement, relation } = entry;
  const name = constraintName(relation.relname ?? '', constraint);
  const start = statement.offsetOf(constraint.location);
  let repair: Finding['repair'];
  if (range && name && constraint.location !== undefined) {
    const edits = [insertAt(range.end, ' NOT VALID')];
    if (!constraint.conname) edits.unshift(insertAt(start, `CONSTRAINT ${quoteIdentifier(name)} `));
    repair = { name, edits };
  }
  return [
    {
      start,
      end: Math.max(start, range?.end ?? statement.end),
      messageId: constraint.contype === 'CONSTR_CHECK' ? 'check' : 'foreignKey',
      data: { name: name ?? 'unnamed', table: relationName(relation), referenced: relationName(constraint.pktable), where },
      repair,
    },
  ];
}

function columnConstraintFindings(entry: ExistingTableCommand, column: ColumnDef, range: TextRange | undefined, where: string): Finding[] {
  const { statement, relation } = entry;
  const constraints = columnConstraints(column);
  const hasDefault = nonNullDefault(column) !== undefined;
  const spans = range ? columnConstraintSpans(statement, column, range.end) : undefined;
  // DEFERRABLE / INITIALLY ... are entries of their own in the raw tree; moving them along is not supported
  // ADD COLUMN IF NOT EXISTS: a separate ADD CONSTRAINT would also run when the column already exists
  const movable = !entry.command.missing_ok && !constraints.some((constraint) => constraint.contype?.startsWith('CONSTR_ATTR'));
  const findings: Finding[] = [];
  constraints.forEach((constraint, position) => {
    const scans = constraint.contype === 'CONSTR_CHECK' || (constraint.contype === 'CONSTR_FOREIGN' && hasDefault);
    if (!scans || constraint.skip_validation) return;
    const span = spans?.[position];
    const start = statement.offsetOf(constraint.location);
    findings.push({
      start,
      end: Math.max(start, span?.end ?? start),
      messageId: constraint.contype === 'CONSTR_CHECK' ? 'inlineCheck' : 'inlineForeignKey',
      data: { column: column.colname ?? '?', table: relationName(relation), referenced: relationName(constraint.pktable), where },
      repair: span && range && movable ? separateConstraint(entry, column, constraint, span, range) : undefined,
    });
  });
  return findings;
}

/** Moves a CHECK or REFERENCES off the new column into `, ADD CONSTRAINT name ... NOT VALID` in the same statement. */
function separateConstraint(
  entry: ExistingTableCommand,
  column: ColumnDef,
  constraint: Constraint,
  span: { start: number; end: number },
  range: TextRange,
): Finding['repair'] {
  const { statement, relation } = entry;
  const columnName = column.colname;
  const isCheck = constraint.contype === 'CONSTR_CHECK';
  const name = constraint.conname ?? (columnName && relation.relname ? objectName(relation.relname, columnName, isCheck ? 'check' : 'fkey') : undefined);
  const keyword = statement.findWord(isCheck ? 'check' : 'references', span.start);
  if (!name || !columnName || !keyword || keyword.start >= span.end) return undefined;
  const body = statement.text.slice(keyword.start - statement.start, span.end - statement.start);
  const definition = isCheck ? body : `FOREIGN KEY (${quoteIdentifier(columnName)}) ${body}`;
  return {
    name,
    edits: [removeSpan(statement, span), insertAt(range.end, `, ADD CONSTRAINT ${quoteIdentifier(name)} ${definition} NOT VALID`)],
  };
}

function deferredValidation(context: RuleContext, statement: Statement<'AlterTableStmt'>, findings: Finding[]): DeferredPart | undefined {
  const point = afterItsTransaction(context, statement);
  const repairs = findings.map((finding) => finding.repair).filter((repair): repair is NonNullable<Finding['repair']> => repair !== undefined);
  if (!point || repairs.length === 0 || !statement.node.relation) return undefined;
  const table = relationText(statement, statement.node.relation);
  return {
    point,
    edits: repairs.flatMap((repair) => repair.edits),
    later: repairs.map((repair) => `ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoteIdentifier(repair.name)};`),
  };
}
