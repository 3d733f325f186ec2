import type { RangeVar } from 'libpg-query';
import { alterTableCommands } from '../model/alter-table';
import { optionEnabled } from '../model/locks';
import { relationName } from '../model/names';
import { unseenByOthers, headEnd } from '../model/relations-in-file';
import type { Statement } from '../source/document';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-blocking-table-rewrite-maintenance',
  category: 'migration-safety',
  severity: 'warning',
  fixable: false,
  summary: 'Do not rewrite existing tables with VACUUM FULL, CLUSTER, SET TABLESPACE or SET LOGGED / UNLOGGED in a migration.',
  lock:
    'VACUUM FULL, CLUSTER, ALTER TABLE ... SET TABLESPACE and SET LOGGED / UNLOGGED copy the whole table (and rebuild its indexes) while holding an ACCESS EXCLUSIVE lock on it: every read and write waits until the copy is done.',
  description:
    'These commands write a complete new copy of the table, which takes minutes to hours on a large one, and keep every query out for the whole time. They also need free disk space for the copy. To give space back or re-order rows online, use the pg_repack or pg_squeeze extension (pg_repack also moves tables between tablespaces); plain VACUUM (without FULL) makes dead space reusable without blocking anyone. To change durability or tablespace, create the new table next to the old one, copy the rows in batches, and swap. Tables created earlier in the same file are not reported.',
  messages: {
    vacuumFull:
      'VACUUM FULL rewrites {{target}} under an ACCESS EXCLUSIVE lock, so every read and write waits for the whole rewrite; use plain VACUUM to make dead space reusable, or pg_repack / pg_squeeze to shrink the table online.',
    cluster:
      'CLUSTER rewrites {{target}} in index order under an ACCESS EXCLUSIVE lock, so every read and write waits for the whole rewrite; use pg_repack --order-by to re-order it online.',
    setTablespace:
      'SET TABLESPACE copies {{target}} to the new tablespace under an ACCESS EXCLUSIVE lock, so every read and write waits for the whole copy; use pg_repack --tablespace, or copy it into a new table and swap.',
    setLogged:
      'SET {{mode}} rewrites {{target}} under an ACCESS EXCLUSIVE lock, so every read and write waits for the whole rewrite; copy the rows into a new {{mode}} table in batches and swap, or do it in a maintenance window.',
  },
  examples: {
    valid: [
      { sql: 'VACUUM (ANALYZE) orders;', description: 'Plain VACUUM does not block reads or writes.' },
      { sql: 'CREATE TABLE staging (id bigint);\nALTER TABLE staging SET LOGGED;', description: 'A table created in this file.' },
    ],
    invalid: [
      { sql: 'VACUUM FULL orders;', description: 'orders is unreadable until the rewrite finishes.' },
      { sql: 'CLUSTER orders USING orders_created_at_idx;', description: 'The same rewrite, in index order.' },
    ],
  },
  check(context: RuleContext) {
    for (const statement of context.statements) {
      for (const rewrite of rewritesOf(statement)) {
        if (rewrite.relation && unseenByOthers(context, rewrite.relation, rewrite.index ? 'index' : 'table', statement)) continue;
        const target = rewrite.relation ? `"${relationName(rewrite.relation)}"` : rewrite.everything;
        context.report({ statement, end: headEnd(statement, rewrite.relation), messageId: rewrite.messageId, data: { target, mode: rewrite.mode ?? '' } });
        break;
      }
    }
  },
});

interface Rewrite {
  messageId: string;
  relation?: RangeVar;
  /** What a statement without a table rewrites. */
  everything: string;
  index?: boolean;
  mode?: string;
}

function rewritesOf(statement: Statement): Rewrite[] {
  if (statement.is('VacuumStmt')) {
    const node = statement.node;
    const full = node.is_vacuumcmd === true && optionEnabled(node.options, 'full');
    if (!full) return [];
    const relations = (node.rels ?? []).map((rel) => (rel as { VacuumRelation?: { relation?: RangeVar } }).VacuumRelation?.relation);
    const everything = 'every table of the database';
    return relations.length === 0 ? [{ messageId: 'vacuumFull', everything }] : relations.map((relation) => ({ messageId: 'vacuumFull', relation, everything }));
  }
  if (statement.is('ClusterStmt')) {
    return [{ messageId: 'cluster', relation: statement.node.relation, everything: 'every table clustered before' }];
  }
  if (statement.is('AlterTableMoveAllStmt')) {
    const kinds: Record<string, string> = { OBJECT_INDEX: 'index', OBJECT_MATVIEW: 'materialized view' };
    return [{ messageId: 'setTablespace', everything: `every ${kinds[statement.node.objtype ?? ''] ?? 'table'} of tablespace ${statement.node.orig_tablespacename ?? ''}` }];
  }
  if (!statement.is('AlterTableStmt')) return [];
  const node = statement.node;
  const index = node.objtype === 'OBJECT_INDEX';
  if (node.objtype === 'OBJECT_SEQUENCE' || node.objtype === 'OBJECT_VIEW') return []; // a sequence is one page; views hold no rows
  const found: Rewrite[] = [];
  for (const { cmd } of alterTableCommands(node)) {
    if (cmd.subtype === 'AT_SetTableSpace') found.push({ messageId: 'setTablespace', relation: node.relation, everything: '', index });
    if (cmd.subtype === 'AT_SetLogged') found.push({ messageId: 'setLogged', relation: node.relation, everything: '', mode: 'LOGGED' });
    if (cmd.subtype === 'AT_SetUnLogged') found.push({ messageId: 'setLogged', relation: node.relation, everything: '', mode: 'UNLOGGED' });
  }
  return found;
}
