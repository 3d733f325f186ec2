import type { TruncateStmt } from 'libpg-query';
import { rangeVarsOf } from '../model/named-objects';
import { relationName } from '../model/names';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-truncate',
  category: 'migration-safety',
  severity: 'warning',
  fixable: false,
  summary: 'Do not TRUNCATE a table that holds production data in a migration.',
  lock:
    'TRUNCATE takes an ACCESS EXCLUSIVE lock on every table it empties, which blocks reads as well as writes until the transaction ends.',
  description:
    'TRUNCATE deletes every row at once and cannot be undone after the commit. In a migration it usually means test or seed data leaking into a production path, or a data fix that should have been a reviewed, batched DELETE. Its ACCESS EXCLUSIVE lock also blocks every query on the table, reads included, for as long as the migration\'s transaction stays open. There is no safe rewrite of the statement itself, so this rule has no quick fix. Tables created earlier in the same file are emptied without warning.',
  messages: {
    truncate:
      'TRUNCATE {{tables}} deletes every row for good, under an ACCESS EXCLUSIVE lock that blocks even reads until the transaction ends; remove data in a reviewed, batched DELETE (or drop a table nothing uses in a contract migration) instead.',
  },
  examples: {
    valid: [
      {
        sql: 'CREATE TABLE import_staging (line text);\nTRUNCATE import_staging;',
        description: 'The table was created by this file: it holds nothing anyone else wrote.',
      },
    ],
    invalid: [{ sql: 'TRUNCATE sessions;', description: 'Every session row is gone, and every query on sessions waits meanwhile.' }],
  },
  check(context: RuleContext) {
    for (const statement of context.statementsOf('TruncateStmt')) {
      const node: TruncateStmt = statement.node;
      const relations = rangeVarsOf(node.relations);
      const existing = relations.filter((relation) => !context.model.introducedInFile(relation, statement));
      if (existing.length === 0) continue;
      const last = relations[relations.length - 1];
      const end = statement.nameEnd(statement.offsetOf(last.location));
      const tables = existing.map((relation) => `"${relationName(relation)}"`).join(', ');
      context.report({ statement, end, messageId: 'truncate', data: { tables } });
    }
  },
});
