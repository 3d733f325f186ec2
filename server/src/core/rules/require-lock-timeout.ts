import { indentationAt, insertAt, lineBreakOf, lineStartOf, startsLine } from '../fix/edits';
import { relationName } from '../model/names';
import { headEnd, locksOnExisting } from '../model/relations-in-file';
import type { Statement } from '../source/document';
import type { RuleContext } from './types';
import { defineRule } from './types';

const TIMEOUT = "'5s'";

export default defineRule({
  id: 'require-lock-timeout',
  category: 'migration-safety',
  severity: 'warning',
  fixable: true,
  summary: 'Set lock_timeout before a statement that takes an ACCESS EXCLUSIVE lock on an existing table.',
  lock:
    'ACCESS EXCLUSIVE conflicts with every other lock, even the ACCESS SHARE of a plain SELECT. A statement that asks for it waits for every transaction already using the table, and PostgreSQL queues every later request behind it: until it gets the lock, the table answers no query at all.',
  description:
    'Most ALTER TABLE forms, DROP and TRUNCATE, CREATE POLICY and RULE, REFRESH MATERIALIZED VIEW and the table rewrites take ACCESS EXCLUSIVE, and usually hold it for milliseconds. The outage comes from the wait: behind one long-running report or idle-in-transaction session, the statement sits in the lock queue and every query on the table lines up behind it, so connection pools fill and the application stops. lock_timeout bounds that wait: the statement fails after it instead of blocking everyone, and the migration can be retried. The fix inserts `SET lock_timeout = \'5s\'` before the first statement that needs it (a session setting, in force for the rest of the file). statement_timeout is not added: it would also stop long statements that take no blocking lock, such as CREATE INDEX CONCURRENTLY. Tables created earlier in the same file are not reported; `SET lock_timeout = 0` (the default) counts as unset.',
  messages: {
    missing:
      'This statement takes an ACCESS EXCLUSIVE lock on {{target}} with no lock_timeout set: while it waits for running queries, every other query on it queues behind it, for as long as the wait lasts; set lock_timeout first (SET lock_timeout = {{timeout}}) and retry the migration when it times out.',
  },
  examples: {
    valid: [
      { sql: "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;", description: 'The ALTER gives up after 5 s instead of blocking the table.' },
      { sql: 'CREATE TABLE invoices (id bigint PRIMARY KEY);\nALTER TABLE invoices ADD COLUMN note text;', description: 'A table created in this file: nobody queues.' },
    ],
    invalid: [{ sql: 'ALTER TABLE orders ADD COLUMN note text;', description: 'Waits without limit while every query on orders queues behind it.' }],
  },
  check(context: RuleContext) {
    let coveredByFix = false;
    for (const statement of context.statements) {
      if (isLockTimeoutChange(statement)) {
        coveredByFix = false;
        continue;
      }
      const lock = locksOnExisting(context, statement).find((candidate) => candidate.mode === 'AccessExclusiveLock');
      if (!lock || coveredByFix || context.model.lockTimeoutSet(statement)) continue;
      const target = lock.kind === 'table' ? `"${relationName(lock.relation)}"` : `${lock.kind} "${relationName(lock.relation)}"`;
      context.report({ statement, end: headEnd(statement, lock.relation), messageId: 'missing', data: { target, timeout: TIMEOUT }, fixes: [setLockTimeout(context, statement)] });
      coveredByFix = true; // the inserted session setting covers the rest of the file
    }
  },
});

function isLockTimeoutChange(statement: Statement): boolean {
  if (!statement.is('VariableSetStmt')) return false;
  return statement.node.kind === 'VAR_RESET_ALL' || statement.node.name?.toLowerCase() === 'lock_timeout';
}

function setLockTimeout(context: RuleContext, statement: Statement): { title: string; edits: ReturnType<typeof insertAt>[] } {
  const newline = lineBreakOf(context.text);
  const setting = `SET lock_timeout = ${TIMEOUT};`;
  if (startsLine(context.text, statement.start)) {
    const indentation = indentationAt(context.text, statement.start);
    return { title: `Set lock_timeout = ${TIMEOUT} first`, edits: [insertAt(lineStartOf(context.text, statement.start), `${indentation}${setting}${newline}`)] };
  }
  return { title: `Set lock_timeout = ${TIMEOUT} first`, edits: [insertAt(statement.start, `${setting} `)] };
}
