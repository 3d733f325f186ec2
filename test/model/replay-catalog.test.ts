/**
 * Replay correctness: every migration history and schema in ../shared/corpus is applied to a real
 * PostgreSQL (PGlite, and the server in CI) statement by statement in the order the workspace
 * model puts its files, and the model replays the same statements; the tables, columns, indexes and
 * constraints of the two must be the same (see harness/catalog-model.ts for what is compared).
 * Statements the database rejects (an extension it lacks, a role it does not have, PostgreSQL 18
 * syntax on 15) change nothing there and are left out of the replay too; their number is printed.
 * PostgreSQL's own regression tests are replayed the same way as a stress test of rarer DDL.
 */
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogLines, differences, modelLines } from '../harness/catalog-model';
import type { CorpusCase } from '../harness/corpus-histories';
import { CORPUS, CORPUS_HISTORIES, emptyDatabases, readdirIfExists, replayBoth } from '../harness/corpus-histories';
import { databaseTargets } from '../harness/database';

/** pg_regress files whose DDL the model does not follow yet, with why (the rest must match exactly). */
const REGRESS_GAPS: Record<string, string> = {
  'event_trigger.sql': 'event triggers run DDL of their own when statements fire them',
  'matview.sql': 'CREATE MATERIALIZED VIEW ... AS TABLE / EXECUTE and drops through dependent views',
  'inherit.sql': 'a parent constraint merging with an equal constraint its child already has',
  'foreign_key.sql': 'foreign keys cloned onto sub-partitions attached after the key was added, and self-references of partitions',
  'indexing.sql': 'validity of an ON ONLY index on a partitioned table whose partitions come and go',
  'create_function_sql.sql': 'a table created by a SQL function when it is called',
};

const regressFiles = readdirIfExists('pg_regress');

for (const target of databaseTargets()) {
  describe.skipIf(!existsSync(CORPUS))(`replayed schema equals the catalog on ${target.name}`, () => {
    const databases = emptyDatabases(target);
    afterAll(() => databases.close());
    const compare = async (entry: CorpusCase): Promise<void> => {
      const db = await databases.next();
      {
        const { state, applied, rejected } = await replayBoth(db, entry);
        const catalog = await catalogLines(db);
        console.log(`${target.name} ${entry.name}: ${applied} statements applied, ${rejected} rejected; ${catalog.tables.length} relations, ${catalog.columns.length} columns, ${catalog.indexes.length} indexes, ${catalog.constraints.length} constraints`);
        expect(applied).toBeGreaterThan(0);
        expect(differences(catalog, modelLines(state))).toEqual(differences(catalog, catalog));
      }
    };
    for (const entry of CORPUS_HISTORIES) it(entry.name, { timeout: 300_000 }, () => compare(entry));
    for (const file of regressFiles) {
      it.skipIf(file in REGRESS_GAPS)(`pg_regress/${file}`, { timeout: 300_000 }, () => compare({ name: `pg_regress/${file}`, folder: 'pg_regress', files: [file] }));
    }
  });
}
