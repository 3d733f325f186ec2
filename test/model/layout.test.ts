/** Which files form a history and in which order runners apply them (model/schema/layout.ts). */
import { describe, expect, it } from 'vitest';
import { detectHistories } from '../../server/src/core/model/schema/layout';

const file = (path: string, head = '', dump = false) => ({ path, head, dump });
const order = (paths: Array<ReturnType<typeof file>>) => detectHistories(paths).map((history) => ({ folder: history.folder, layout: history.layout, files: history.files.map((entry) => entry.path) }));

describe('migration layouts', () => {
  it('orders Flyway versions numerically, repeatables last, undo files apart', () => {
    const histories = detectHistories([file('db/V10__c.sql'), file('db/V2__b.sql'), file('db/V1.1__a.sql'), file('db/R__views.sql'), file('db/U2__b.sql')]);
    expect(histories).toHaveLength(1);
    expect(histories[0].layout).toBe('flyway');
    expect(histories[0].files.map((entry) => entry.path)).toEqual(['db/V1.1__a.sql', 'db/V2__b.sql', 'db/V10__c.sql', 'db/R__views.sql']);
    expect(histories[0].downs.map((entry) => entry.path)).toEqual(['db/U2__b.sql']);
  });

  it('orders golang-migrate by number and keeps .down.sql out of the replay', () => {
    expect(order([file('m/10_b.up.sql'), file('m/9_a.up.sql'), file('m/9_a.down.sql')])).toEqual([{ folder: 'm', layout: 'golang-migrate', files: ['m/9_a.up.sql', 'm/10_b.up.sql'] }]);
  });

  it('reads a Prisma migrations folder (one folder per migration)', () => {
    expect(order([file('prisma/migrations/20240102000000_b/migration.sql'), file('prisma/migrations/20240101000000_a/migration.sql')])).toEqual([
      { folder: 'prisma/migrations', layout: 'prisma', files: ['prisma/migrations/20240101000000_a/migration.sql', 'prisma/migrations/20240102000000_b/migration.sql'] },
    ]);
  });

  it('reads diesel migrations (up.sql and down.sql in a folder per migration)', () => {
    const [history] = detectHistories([file('migrations/2020-01-02-000000_b/up.sql'), file('migrations/2020-01-01-000000_a/up.sql'), file('migrations/2020-01-01-000000_a/down.sql')]);
    expect(history.layout).toBe('diesel');
    expect(history.files.map((entry) => entry.path)).toEqual(['migrations/2020-01-01-000000_a/up.sql', 'migrations/2020-01-02-000000_b/up.sql']);
    expect(history.downs).toHaveLength(1);
  });

  it('recognises dbmate by its section comment and Supabase by its folder', () => {
    expect(order([file('db/migrations/20240101_a.sql', '-- migrate:up\nCREATE TABLE t ();\n')])[0].layout).toBe('dbmate');
    expect(order([file('supabase/migrations/20240101000000_a.sql')])[0].layout).toBe('supabase');
  });

  it('keeps separate folders as separate histories', () => {
    expect(order([file('a/1_x.up.sql'), file('b/V1__y.sql')]).map((history) => history.folder)).toEqual(['a', 'b']);
  });

  it('loads a folder of plain schema files in name order, or in the order a setting gives', () => {
    const files = [file('schema/CreateTables.sql'), file('schema/CreateFKConstraints.sql'), file('schema/CreateIndexes.sql')];
    expect(order(files)[0].files).toEqual(['schema/CreateFKConstraints.sql', 'schema/CreateIndexes.sql', 'schema/CreateTables.sql']);
    const configured = detectHistories(files, [{ folder: 'schema', order: ['CreateTables.sql', 'CreateIndexes.sql', 'CreateFKConstraints.sql'] }]);
    expect(configured[0].files.map((entry) => entry.path)).toEqual(['schema/CreateTables.sql', 'schema/CreateIndexes.sql', 'schema/CreateFKConstraints.sql']);
  });

  it('makes a pg_dump alone a history of its own, and beside migrations a drift target', () => {
    expect(order([file('db/structure.sql', '', true)])).toEqual([{ folder: 'db', layout: 'dump', files: ['db/structure.sql'] }]);
    const histories = detectHistories([file('db/structure.sql', '', true), file('db/migrations/1_a.up.sql')]);
    expect(histories.find((history) => history.layout === 'golang-migrate')?.dumps).toEqual(['db/structure.sql']);
  });

  it('reads other unnumbered files as plain scripts in name order', () => {
    expect(order([file('sql/b_fix.sql'), file('sql/a_add.sql')])).toEqual([{ folder: 'sql', layout: 'plain', files: ['sql/a_add.sql', 'sql/b_fix.sql'] }]);
  });

  it('reads versions/*.py as an Alembic history (ordered by the workspace), and .py files elsewhere only where a setting names the folder', () => {
    expect(order([file('alembic/versions/b.py'), file('alembic/versions/a.py'), file('alembic/env.py'), file('app/models.py')])).toEqual([
      { folder: 'alembic/versions', layout: 'alembic', files: ['alembic/versions/a.py', 'alembic/versions/b.py'] },
    ]);
    expect(detectHistories([file('corpus/ckan/001_x.py')])).toEqual([]);
    expect(detectHistories([file('corpus/ckan/001_x.py')], [{ folder: 'corpus/ckan' }]).map((history) => history.layout)).toEqual(['alembic']);
  });

  it('puts a configured baseline dump before the first migration', () => {
    const [history] = detectHistories([file('db/schema.sql', '', true), file('db/2_b.sql'), file('db/1_a.sql')], [{ folder: 'db', baseline: 'schema.sql' }]);
    expect(history.files.map((entry) => entry.path)).toEqual(['db/schema.sql', 'db/1_a.sql', 'db/2_b.sql']);
  });
});
