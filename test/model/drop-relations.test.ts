/**
 * Drops that take several relations at once (DROP TABLE a, b; DROP SCHEMA ... CASCADE; a
 * partitioned table with sub-partitions and partitioned indexes; inheritors with CASCADE): the
 * replayed model must end where PostgreSQL's catalog ends, statement by statement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayStatements } from '../../server/src/core/model/schema/replay';
import { SchemaState } from '../../server/src/core/model/schema/state';
import { parseMigration } from '../../server/src/core/model/schema/workspace';
import { catalogLines, differences, modelLines } from '../harness/catalog-model';
import type { Database } from '../harness/database';
import { databaseTargets, openFresh } from '../harness/database';

const SETUP = `
CREATE SCHEMA s;
CREATE TABLE s.a (id int PRIMARY KEY);
CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES s.a, CONSTRAINT b_self FOREIGN KEY (id) REFERENCES b);
CREATE TABLE s.p (id int, k int) PARTITION BY RANGE (k);
CREATE TABLE s.p1 PARTITION OF s.p FOR VALUES FROM (0) TO (10) PARTITION BY LIST (id);
CREATE TABLE s.p1a PARTITION OF s.p1 FOR VALUES IN (1);
CREATE INDEX p_k_idx ON s.p (k);
CREATE TABLE c (id serial PRIMARY KEY, a_id int REFERENCES s.a, p_k int);
CREATE VIEW s.v AS SELECT id FROM s.a;
CREATE TABLE d (id int PRIMARY KEY);
CREATE TABLE e (id serial PRIMARY KEY, d_id int REFERENCES d);
CREATE TABLE f (d_id int REFERENCES d);
CREATE TABLE inh (x int);
CREATE TABLE child (y int) INHERITS (inh);
CREATE TABLE grandchild () INHERITS (child);
CREATE TABLE other_parent (z int);
CREATE TABLE two_parents () INHERITS (inh, other_parent);
CREATE TABLE q (id int, k int) PARTITION BY LIST (id);
CREATE TABLE q1 PARTITION OF q FOR VALUES IN (1) PARTITION BY RANGE (k);
CREATE TABLE q1a PARTITION OF q1 FOR VALUES FROM (0) TO (5);
CREATE INDEX q_k_idx ON q (k);
CREATE UNIQUE INDEX q_id_k_idx ON q (id, k);
CREATE TABLE keep (id int PRIMARY KEY);
`;

const STEPS = [
  'DROP SCHEMA s CASCADE', // its tables, partitions, view; the foreign keys of b and c into it
  'DROP TABLE e, d CASCADE', // two at once; f loses its foreign key
  'DROP TABLE q', // sub-partitions and the indexes attached at every level
  'DROP TABLE other_parent CASCADE', // an inheritor of two parents goes with CASCADE
  'DROP TABLE inh CASCADE', // inheritors two levels down
];

for (const target of databaseTargets()) {
  describe(`drops of several relations on ${target.name}`, () => {
    let db: Database;
    const state = new SchemaState();
    beforeAll(async () => {
      db = await openFresh(target);
      await db.exec(SETUP);
      replayStatements(state, 'setup.sql', parseMigration('setup.sql', SETUP).upStatements);
    });
    afterAll(() => db?.close());

    it('the model starts equal to the catalog', async () => {
      const catalog = await catalogLines(db);
      expect(catalog.tables.length).toBeGreaterThan(15);
      expect(differences(catalog, modelLines(state))).toEqual(differences(catalog, catalog));
    });
    for (const [index, sql] of STEPS.entries()) {
      it(`after ${sql}`, async () => {
        await db.exec(sql);
        replayStatements(state, `step-${index}.sql`, parseMigration(`step-${index}.sql`, sql).upStatements);
        const catalog = await catalogLines(db);
        expect(differences(catalog, modelLines(state))).toEqual(differences(catalog, catalog));
      });
    }
    it('ends with only what no drop reached', async () => {
      const catalog = await catalogLines(db);
      expect(catalog.tables.sort()).toEqual(modelLines(state).tables.sort());
      expect(catalog.tables.some((line) => line.includes('keep'))).toBe(true);
      expect(catalog.tables.some((line) => /\b(q1a|child|two_parents|e)\b/.test(line))).toBe(false);
    });
  });
}
