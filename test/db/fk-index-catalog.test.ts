/**
 * require-index-on-foreign-key against PostgreSQL's own catalog: each corpus schema is applied to
 * a real database, the foreign keys without an index that leads with their columns are read from
 * pg_constraint / pg_index (btree, or hash for one column; valid; partial only on `col IS NOT NULL`;
 * the declared key, not the copies PostgreSQL makes on partitions), and the rule's findings on the
 * files must name exactly those keys. The rule reads the files without the statements the database
 * rejected (an extension PGlite lacks, PostgreSQL 18 syntax on 15), so both judge the same schema.
 * Precision and recall per schema are printed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { resolveSettings } from '../../server/src/core/config';
import { lintText } from '../../server/src/core/lint';
import { getRule } from '../../server/src/core/rules/index';
import { CORPUS, CORPUS_HISTORIES, emptyDatabases, replayBoth } from '../harness/corpus-histories';
import type { Database } from '../harness/database';
import { databaseTargets } from '../harness/database';
import { existsSync } from 'node:fs';

const rule = getRule('require-index-on-foreign-key')!;

/** `table.constraint` of every foreign key the catalog shows without a usable index. */
async function unindexedInCatalog(db: Database): Promise<Set<string>> {
  const keys = await db.query<{ tbl: string; conname: string; columns: string[] }>(`
    SELECT n.nspname || '.' || c.relname AS tbl, con.conname,
      ARRAY(SELECT a.attname::text FROM unnest(con.conkey) k JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k) AS columns
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE con.contype = 'f' AND con.conparentid = 0 AND c.relkind IN ('r', 'p')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')`);
  const indexes = await db.query<{ tbl: string; method: string; valid: boolean; keys: string[]; predicate: string | null }>(`
    SELECT n.nspname || '.' || c.relname AS tbl, am.amname AS method, i.indisvalid AS valid,
      ARRAY(SELECT COALESCE(a.attname::text, '') FROM unnest((i.indkey::int2[])[0:i.indnkeyatts - 1]) WITH ORDINALITY AS k(attnum, ord)
            LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0 ORDER BY k.ord) AS keys,
      pg_get_expr(i.indpred, i.indrelid) AS predicate
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam`);
  const covers = (index: (typeof indexes)[number], columns: string[]): boolean => {
    if (!index.valid || !['btree', 'hash'].includes(index.method) || (index.method === 'hash' && columns.length !== 1)) return false;
    const leading = index.keys.slice(0, columns.length);
    if (leading.length !== columns.length || !leading.every((column) => columns.includes(column))) return false;
    if (index.predicate === null) return true;
    // pg_get_expr prints `(a IS NOT NULL)` or `((a IS NOT NULL) AND (b IS NOT NULL))`
    const parts = index.predicate.replace(/^\((.*)\)$/, '$1').split(' AND ');
    return parts.every((part) => {
      const match = /^\(?"?([^"()]+)"? IS NOT NULL\)?$/.exec(part.trim());
      return !!match && columns.includes(match[1]);
    });
  };
  const result = new Set<string>();
  for (const key of keys) if (!indexes.some((index) => index.tbl === key.tbl && covers(index, key.columns))) result.add(`${key.tbl}.${key.conname}`);
  return result;
}

for (const target of databaseTargets()) {
  describe.skipIf(!existsSync(CORPUS))(`require-index-on-foreign-key equals the catalog on ${target.name}`, () => {
    const databases = emptyDatabases(target);
    afterAll(() => databases.close());
    for (const entry of CORPUS_HISTORIES) {
      it(entry.name, { timeout: 300_000 }, async () => {
        const db = await databases.next();
        // the rule reads the files as the database ran them: without the statements it rejected
        const { accepted: workspace, state } = await replayBoth(db, entry);
        const expected = await unindexedInCatalog(db);
        // the rule's findings on the files themselves, each tied back to its constraint through the model
        const found = new Set<string>();
        for (const history of workspace.histories()) {
          for (const file of history.files) {
            const text = workspace.migration(file.path)!.text;
            const result = lintText(text, { settings: resolveSettings({ maxFileSize: 64 * 1024 * 1024 }), rules: [rule], path: file.path, schema: workspace.inputFor(file.path) });
            for (const finding of result.findings.filter((f) => f.ruleId === rule.id && f.messageId === 'unindexed')) {
              for (const [key, table] of workspace.final(history).relations) {
                const constraint = table.constraints.find((c) => c.type === 'foreign' && c.origin.file === file.path && c.origin.start === finding.start);
                if (constraint) found.add(`${key}.${constraint.name}`);
              }
            }
          }
        }
        const truePositives = [...found].filter((key) => expected.has(key)).length;
        const precision = found.size === 0 ? 1 : truePositives / found.size;
        const recall = expected.size === 0 ? 1 : truePositives / expected.size;
        const foreignKeys = [...state.relations.values()].reduce((sum, table) => sum + table.constraints.filter((c) => c.type === 'foreign' && !c.inherited).length, 0);
        console.log(`${target.name} ${entry.name}: ${foreignKeys} foreign keys, ${expected.size} unindexed in the catalog, ${found.size} reported; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
        expect([...found].sort()).toEqual([...expected].sort());
      });
    }
  });
}
