import type { RangeVar } from 'libpg-query';
import { concurrentlyFix } from '../fix/concurrently';
import { optionEnabled } from '../model/locks';
import { relationName } from '../model/names';
import { unseenByOthers, headEnd } from '../model/relations-in-file';
import type { Statement } from '../source/document';
import type { RuleContext } from './types';
import { defineRule } from './types';

const TARGETS: Record<string, string> = {
  REINDEX_OBJECT_INDEX: 'index',
  REINDEX_OBJECT_TABLE: 'table',
  REINDEX_OBJECT_SCHEMA: 'schema',
  REINDEX_OBJECT_DATABASE: 'database',
};

export default defineRule({
  id: 'require-concurrent-reindex',
  category: 'migration-safety',
  severity: 'warning',
  fixable: true,
  summary: 'Rebuild indexes of existing tables with REINDEX ... CONCURRENTLY (PostgreSQL 12 and later).',
  lock:
    'REINDEX takes a SHARE lock on the table (INSERT, UPDATE and DELETE wait) and an ACCESS EXCLUSIVE lock on each index it rebuilds (every query the planner would consider that index for waits, reads included) until the rebuild ends. REINDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE on the table, which lets reads and writes through.',
  description:
    'Rebuilding a bloated or corrupted index with plain REINDEX blocks writes to the table and, because the planner locks every index of a table it plans for, most reads too, for as long as the rebuild takes. From PostgreSQL 12, REINDEX ... CONCURRENTLY builds a replacement index next to the old one and swaps them, at the cost of more work and no transaction block. Before 12 there is no concurrent form: build a replacement with CREATE INDEX CONCURRENTLY, drop the old index with DROP INDEX CONCURRENTLY and rename the new one. Indexes of tables created earlier in the same file are not reported; REINDEX SYSTEM has no concurrent form and is not reported.',
  messages: {
    blocking:
      'REINDEX of {{target}} blocks writes to its tables (SHARE lock) and every query that plans with the rebuilt indexes (ACCESS EXCLUSIVE on them) until the rebuild ends; use REINDEX ... CONCURRENTLY.',
    inTransaction:
      'REINDEX of {{target}} blocks writes and most reads until the rebuild ends, and CONCURRENTLY cannot run inside the transaction block opened by BEGIN; rebuild it with REINDEX ... CONCURRENTLY after COMMIT.',
    inRunnerTransaction:
      'REINDEX of {{target}} blocks writes and most reads until the rebuild ends, and CONCURRENTLY cannot run inside the one transaction the migration runner runs this file in; rebuild it with REINDEX ... CONCURRENTLY in a migration of its own that runs without a transaction.',
    noConcurrently:
      'REINDEX of {{target}} blocks writes and most reads until the rebuild ends, and PostgreSQL {{version}} has no REINDEX CONCURRENTLY; build a replacement with CREATE INDEX CONCURRENTLY, then DROP INDEX CONCURRENTLY the old index and rename the new one.',
  },
  examples: {
    valid: [
      { sql: 'REINDEX INDEX CONCURRENTLY orders_status_idx;', description: 'Reads and writes go on while the index is rebuilt.' },
      { sql: 'CREATE TABLE drafts (id bigint PRIMARY KEY);\nREINDEX TABLE drafts;', description: 'The table is new: nobody waits.' },
    ],
    invalid: [
      { sql: 'REINDEX INDEX orders_status_idx;', description: 'Blocks writes, and reads that would use the index, for the whole rebuild.' },
      { sql: 'REINDEX TABLE orders;', description: 'Before PostgreSQL 12 there is nothing to add: the message gives the replacement steps.', settings: { postgresVersion: 11 } },
    ],
  },
  check(context: RuleContext) {
    for (const statement of context.statementsOf('ReindexStmt')) {
      const node = statement.node;
      const target = TARGETS[node.kind ?? ''];
      if (!target) continue;
      if (optionEnabled(node.params, 'concurrently')) continue;
      if (node.relation && isSystemCatalog(node.relation)) continue; // no CONCURRENTLY for catalogs: nothing to advise
      if (node.relation && unseenByOthers(context, node.relation, target === 'index' ? 'index' : 'table', statement)) continue;
      if (target === 'schema' && schemaCreatedEarlier(context, node.name, statement)) continue;
      const data = { target: `${target} "${node.relation ? relationName(node.relation) : (node.name ?? '')}"`, version: context.settings.postgresVersion };
      const end = headEnd(statement, node.relation ?? (node.name ? { relname: node.name } : undefined));
      if (context.settings.postgresVersion < 12) {
        context.report({ statement, end, messageId: 'noConcurrently', data });
        continue;
      }
      const { messageId, fixes } = concurrentlyFix(context, statement, { after: target, label: 'REINDEX CONCURRENTLY' });
      context.report({ statement, end, messageId, data, fixes });
    }
  },
});

function schemaCreatedEarlier(context: RuleContext, name: string | undefined, before: Statement): boolean {
  return context.statementsOf('CreateSchemaStmt').some((statement) => statement.index < before.index && statement.node.schemaname === name);
}

/**
 * PostgreSQL cannot reindex system catalogs concurrently ("cannot reindex system catalogs
 * concurrently"), so there is no safer form to suggest. Unqualified pg_* names resolve to
 * pg_catalog first, whatever the search_path.
 */
function isSystemCatalog(relation: RangeVar): boolean {
  const schema = relation.schemaname;
  if (schema === 'pg_catalog' || schema === 'pg_toast') return true;
  return !schema && (relation.relname ?? '').startsWith('pg_');
}

