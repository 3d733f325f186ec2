import type { AlterTableStmt, VariableSetStmt } from 'libpg-query';
import { altersTable, alterTableCommandRange, alterTableCommands } from '../model/alter-table';
import { relationName, stringValueOf } from '../model/names';
import { lastWordIn } from '../model/statement-ranges';
import type { Statement } from '../source/document';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-disabling-triggers',
  category: 'migration-safety',
  severity: 'warning',
  fixable: true,
  summary: 'Do not switch off the triggers that enforce foreign keys (DISABLE TRIGGER ALL, session_replication_role = replica).',
  lock:
    'ALTER TABLE ... DISABLE TRIGGER takes a SHARE ROW EXCLUSIVE lock on the table, so writes to it wait until the transaction ends. SET session_replication_role takes no lock.',
  description:
    'PostgreSQL enforces foreign keys with internal triggers. `ALTER TABLE ... DISABLE TRIGGER ALL` switches those off together with the user triggers, and `SET session_replication_role = replica` stops every ordinary trigger in the session. Rows written meanwhile are not checked against their foreign keys, and PostgreSQL never re-checks them: the constraint stays marked valid while orphaned rows exist, and later queries that trust it return wrong results. A migration that wants to skip its own triggers (audit, updated_at, search index) during a backfill should disable only those: `DISABLE TRIGGER USER` or `DISABLE TRIGGER name`, which leave the foreign-key checks on. The quick fix turns DISABLE TRIGGER ALL into DISABLE TRIGGER USER; there is no rewrite for session_replication_role.',
  messages: {
    allTriggers:
      'DISABLE TRIGGER ALL on "{{table}}" also switches off the internal triggers that enforce its foreign keys, so rows written until they are enabled again skip referential checks and can leave orphans PostgreSQL never re-checks; disable only the user triggers you mean (DISABLE TRIGGER USER, or by name).',
    replicationRole:
      'Setting session_replication_role to replica stops every ordinary trigger in the session, including those that enforce foreign keys, so rows written meanwhile can break referential integrity without an error; leave it at origin and disable only the user triggers you mean, by name.',
  },
  examples: {
    valid: [
      {
        sql: 'ALTER TABLE orders DISABLE TRIGGER orders_audit;\nUPDATE orders SET total_cents = total * 100 WHERE id BETWEEN 1 AND 10000;\nALTER TABLE orders ENABLE TRIGGER orders_audit;',
        description: 'Only the audit trigger is skipped; foreign keys are still checked.',
      },
    ],
    invalid: [
      { sql: 'ALTER TABLE orders DISABLE TRIGGER ALL;', description: 'Foreign-key checks on orders are off until ENABLE TRIGGER ALL.' },
      { sql: 'SET session_replication_role = replica;', description: 'No foreign key is checked for the rest of the session.' },
    ],
  },
  check(context: RuleContext) {
    for (const statement of context.statementsOf('AlterTableStmt')) {
      const node: AlterTableStmt = statement.node;
      if (!node.relation || !altersTable(node)) continue;
      for (const { cmd, index } of alterTableCommands(node)) {
        if (cmd.subtype !== 'AT_DisableTrigAll') continue;
        const range = alterTableCommandRange(statement, index);
        const all = lastWordIn(statement, 'all', range);
        const fixes = all ? [{ title: 'Disable only user triggers', edits: [{ start: all.start, end: all.end, newText: matchCase(all.text, 'USER') }] }] : [];
        context.report({ statement, ...range, messageId: 'allTriggers', data: { table: relationName(node.relation) }, fixes });
      }
    }
    for (const statement of context.statements) {
      if (setsReplicaRole(statement)) context.report({ statement, messageId: 'replicationRole' });
    }
  },
});

/** SET, ALTER ROLE ... SET and ALTER DATABASE ... SET of session_replication_role to replica. */
function setsReplicaRole(statement: Statement): boolean {
  let set: VariableSetStmt | undefined;
  if (statement.is('VariableSetStmt')) set = statement.node;
  else if (statement.is('AlterRoleSetStmt')) set = statement.node.setstmt;
  else if (statement.is('AlterDatabaseSetStmt')) set = statement.node.setstmt;
  if (!set || set.kind !== 'VAR_SET_VALUE' || set.name?.toLowerCase() !== 'session_replication_role') return false;
  return (set.args ?? []).some((arg) => stringValueOf(arg).toLowerCase() === 'replica');
}

function matchCase(original: string, word: string): string {
  return original === original.toLowerCase() ? word.toLowerCase() : word;
}
