import type { DropStmt } from 'libpg-query';
import { droppedObjectNames } from '../model/named-objects';
import { headRange } from '../model/statement-ranges';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-drop-table',
  category: 'migration-safety',
  severity: 'warning',
  fixable: false,
  summary: 'Drop a table only in a contract migration, after the deployed code has stopped using it.',
  lock:
    'DROP TABLE takes an ACCESS EXCLUSIVE lock on the table and on every table its foreign keys reference (their foreign-key triggers are dropped too), so writes to those parent tables wait as well; the lock is short, the loss of the data is permanent.',
  description:
    'Dropping a table deletes its data for good, and every query of running code that still uses it fails with "relation does not exist" from the commit on. During a deploy the old application version keeps running, so drop a table in two deploys: first ship code that no longer uses it, then drop it in a later contract migration (many teams rename it to `<name>_deprecated` and wait a release before the drop). There is no safe rewrite of the statement itself, so this rule has no quick fix: once the code no longer uses the table, silence it with an ignore comment. Tables created earlier in the same file (including a dbmate `-- migrate:down` section dropping what its `up` created) are dropped without warning. Down migrations (files named `*.down.sql` or Flyway `U…__*.sql`, dbmate `-- migrate:down` sections, `alembic downgrade --sql` output) are not reported: they exist to remove what their up migration added.',
  messages: {
    drop:
      'Dropping {{tables}} deletes the data for good and breaks every running query and deployed application version that still uses it; first deploy code that no longer uses it, then drop it in a later contract migration.',
  },
  examples: {
    valid: [
      {
        sql: '-- migrate:up\nCREATE TABLE audit_events (id bigint PRIMARY KEY, payload jsonb);\n\n-- migrate:down\nDROP TABLE audit_events;',
        description: 'The down section drops only what its up section created.',
      },
    ],
    invalid: [{ sql: 'DROP TABLE legacy_sessions;', description: 'Its data is gone, and old application versions may still query it.' }],
  },
  check(context: RuleContext) {
    for (const statement of context.statementsOf('DropStmt')) {
      const node: DropStmt = statement.node;
      if (node.removeType !== 'OBJECT_TABLE') continue;
      if (context.model.direction(statement) === 'down') continue; // a rollback undoes what its up migration added
      const existing = droppedObjectNames(node.objects).filter((names) => {
        const relname = names[names.length - 1];
        return relname !== undefined && !context.model.introducedInFile({ relname }, statement);
      });
      if (existing.length === 0) continue;
      const tables = `${existing.length === 1 ? 'table' : 'tables'} ${existing.map((names) => `"${names.join('.')}"`).join(', ')}`;
      context.report({ statement, ...headRange(statement, ['cascade', 'restrict']), messageId: 'drop', data: { tables } });
    }
  },
});
