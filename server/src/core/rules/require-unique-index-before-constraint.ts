import type { Constraint } from 'libpg-query';
import { afterStatement, closingCommit, statementsText } from '../fix/after-transaction';
import { addedColumn, addedConstraint, alterTableCommandRanges, columnConstraints } from '../model/alter-table';
import { insertAt, lineBreakOf, removeStatement } from '../fix/edits';
import { quoteIdentifier, relationText } from '../fix/sql-text';
import type { ExistingTableCommand } from '../model/existing-table-commands';
import { existingTableCommands } from '../model/existing-table-commands';
import { constraintName } from '../model/constraint-names';
import { relationName } from '../model/names';
import { namesOf } from '../model/named-objects';
import type { FixSpec, RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'require-unique-index-before-constraint',
  category: 'migration-safety',
  severity: 'warning',
  fixable: true,
  summary: 'Build the index of a new UNIQUE or PRIMARY KEY constraint with CREATE UNIQUE INDEX CONCURRENTLY, then attach it with ADD CONSTRAINT ... USING INDEX.',
  lock:
    'ADD CONSTRAINT ... UNIQUE / PRIMARY KEY takes ACCESS EXCLUSIVE on the table and builds the index while holding it: no reads, no writes. CREATE UNIQUE INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE (reads and writes go on); ADD CONSTRAINT ... USING INDEX then needs ACCESS EXCLUSIVE only for a moment.',
  description:
    "Adding a UNIQUE or PRIMARY KEY constraint builds its index inside ALTER TABLE, under the ACCESS EXCLUSIVE lock: on a large table, minutes in which no query can read or write it. Build the index first with `CREATE UNIQUE INDEX CONCURRENTLY` (outside any transaction block; it lets reads and writes through), then turn it into the constraint with `ALTER TABLE ... ADD CONSTRAINT name UNIQUE USING INDEX name`, which takes the lock only briefly. The quick fix does that, with `DROP INDEX CONCURRENTLY IF EXISTS` first so that a build that failed half-way (and left an INVALID index) does not block a re-run. For a PRIMARY KEY the columns must already be NOT NULL, or USING INDEX sets them NOT NULL with a full scan under the lock: make them NOT NULL first through a validated CHECK. CONCURRENTLY cannot build an index on a partitioned table. A UNIQUE or PRIMARY KEY written on a column that ADD COLUMN adds builds its index the same way. Tables created earlier in the same file are not reported.",
  messages: {
    unique:
      'Adding UNIQUE constraint "{{name}}" builds its index on "{{table}}" while holding an ACCESS EXCLUSIVE lock. Every read and write of the table waits until the index is built, minutes on a large table. Build it with CREATE UNIQUE INDEX CONCURRENTLY outside a transaction, then ADD CONSTRAINT ... UNIQUE USING INDEX.',
    primaryKey:
      'Adding PRIMARY KEY "{{name}}" builds its index on "{{table}}" while holding an ACCESS EXCLUSIVE lock. Every read and write of the table waits until the index is built, minutes on a large table. Build it with CREATE UNIQUE INDEX CONCURRENTLY outside a transaction, make its columns NOT NULL through a validated CHECK, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX.',
    inline:
      'The {{kind}} on new column "{{column}}" builds an index on "{{table}}" while ADD COLUMN holds an ACCESS EXCLUSIVE lock. Every read and write of the table waits until the index is built. Add the column, build the index with CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX.',
  },
  examples: {
    valid: [
      {
        sql: 'CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;',
        description: 'The index is built while writes go on; attaching it is instant.',
      },
      { sql: 'CREATE TABLE accounts (id bigint);\nALTER TABLE accounts ADD PRIMARY KEY (id);', description: 'The table is new and empty.' },
    ],
    invalid: [
      { sql: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);', description: 'Builds the index under ACCESS EXCLUSIVE.' },
      { sql: 'ALTER TABLE users ADD PRIMARY KEY (id);', description: 'Builds users_pkey under ACCESS EXCLUSIVE.' },
    ],
  },
  check(context: RuleContext) {
    for (const entry of existingTableCommands(context)) {
      const constraint = addedConstraint(entry.command);
      if (constraint && (constraint.contype === 'CONSTR_UNIQUE' || constraint.contype === 'CONSTR_PRIMARY') && !constraint.indexname) {
        reportConstraint(context, entry, constraint);
      }
      const column = addedColumn(entry.command);
      for (const inline of column ? columnConstraints(column) : []) {
        if (inline.contype !== 'CONSTR_UNIQUE' && inline.contype !== 'CONSTR_PRIMARY') continue;
        const start = entry.statement.offsetOf(inline.location);
        const keyword = entry.statement.findWord(inline.contype === 'CONSTR_UNIQUE' ? 'unique' : 'key', start);
        context.report({
          statement: entry.statement,
          start,
          end: keyword?.end ?? start,
          messageId: 'inline',
          data: { kind: inline.contype === 'CONSTR_UNIQUE' ? 'UNIQUE' : 'PRIMARY KEY', column: column!.colname ?? '?', table: relationName(entry.relation) },
        });
      }
    }
  },
});

function reportConstraint(context: RuleContext, entry: ExistingTableCommand, constraint: Constraint): void {
  const { statement, relation } = entry;
  const name = constraintName(relation.relname ?? '', constraint);
  const start = statement.offsetOf(constraint.location);
  const fix = indexFirst(context, entry, constraint, name);
  context.report({
    statement,
    start,
    end: Math.max(start, alterTableCommandRanges(statement)?.[entry.index].end ?? statement.end),
    messageId: constraint.contype === 'CONSTR_UNIQUE' ? 'unique' : 'primaryKey',
    data: { name: name ?? 'unnamed', table: relationName(relation) },
    fixes: fix ? [fix] : [],
  });
}

/**
 * The statement (when it adds only this constraint) becomes DROP INDEX CONCURRENTLY IF EXISTS,
 * CREATE UNIQUE INDEX CONCURRENTLY and ADD CONSTRAINT ... USING INDEX: in place outside a transaction
 * block, after the COMMIT inside one (unless a later statement of the block touches the table).
 */
function indexFirst(context: RuleContext, entry: ExistingTableCommand, constraint: Constraint, name: string | undefined): FixSpec | undefined {
  const { statement, relation } = entry;
  const keys = namesOf(constraint.keys);
  const simple = !constraint.options?.length && !constraint.indexspace && keys.length > 0 && relation.inh === true;
  if (!name || !simple || (statement.node.cmds ?? []).length !== 1) return undefined;
  const table = relationText(statement, relation);
  const index = quoteIdentifier(name);
  const list = (names: string[]) => names.map(quoteIdentifier).join(', ');
  const including = constraint.including?.length ? ` INCLUDE (${list(namesOf(constraint.including))})` : '';
  const nulls = constraint.nulls_not_distinct ? ' NULLS NOT DISTINCT' : '';
  const timing = `${constraint.deferrable ? ' DEFERRABLE' : ''}${constraint.initdeferred ? ' INITIALLY DEFERRED' : ''}`;
  const kind = constraint.contype === 'CONSTR_UNIQUE' ? 'UNIQUE' : 'PRIMARY KEY';
  const schema = relation.schemaname ? `${quoteIdentifier(relation.schemaname)}.` : '';
  const steps = [
    `DROP INDEX CONCURRENTLY IF EXISTS ${schema}${index};`,
    `CREATE UNIQUE INDEX CONCURRENTLY ${index} ON ${table} (${list(keys)})${including}${nulls};`,
    `ALTER TABLE ${table} ADD CONSTRAINT ${index} ${kind} USING INDEX ${index}${timing};`,
  ];
  const title = 'Build the index CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX';
  const transaction = context.model.transaction(statement);
  if (!transaction.inTransaction) {
    const text = steps.join(lineBreakOf(context.text));
    return { title, edits: [{ start: statement.start, end: statement.semicolon !== undefined ? statement.semicolon + 1 : statement.end, newText: text }] };
  }
  const commit = closingCommit(context, statement);
  if (!commit) return undefined;
  const between = context.statements.slice(statement.index + 1, commit.index);
  const relname = relation.relname?.toLowerCase() ?? '';
  if (between.some((other) => other.text.toLowerCase().includes(relname) || other.text.toLowerCase().includes(name.toLowerCase()))) return undefined;
  const point = afterStatement(commit, context.text);
  return { title, edits: [removeStatement(context.text, statement), insertAt(point.offset, statementsText(context, point, steps))] };
}
