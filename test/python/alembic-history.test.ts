/**
 * Alembic revisions in the workspace schema: a versions/ folder is a history ordered by the
 * revision graph, each revision's upgrade() replayed as the SQL Alembic runs, downgrade() never;
 * every rule on a revision sees what the earlier revisions built.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveSettings } from '../../server/src/core/config';
import { lintText } from '../../server/src/core/lint';
import { SchemaWorkspace } from '../../server/src/core/model/schema/workspace';
import { initParser } from '../../server/src/core/source/parser';
import { workspaceFor } from '../../server/src/history-files';
import { summarize } from '../harness/lint';
import { ALEMBIC_CORPUS } from './files';

beforeAll(() => initParser());

const DIR = '/project/migrations/versions';

/** A revision file: id, down_revision (a Python literal), upgrade() and downgrade() bodies. */
function revision(id: string, down: string, upgrade: string, downgrade = '    pass'): string {
  return `import sqlalchemy as sa\nfrom alembic import op\n\nrevision = "${id}"\ndown_revision = ${down}\n\n\ndef upgrade():\n${upgrade}\n\n\ndef downgrade():\n${downgrade}\n`;
}

function workspaceOf(files: Record<string, string>): SchemaWorkspace {
  const workspace = new SchemaWorkspace();
  for (const [name, text] of Object.entries(files)) workspace.setFile(`${DIR}/${name}`, text);
  return workspace;
}

/** The tables of a schema state (sequences of serial keys left out). */
function tables(state: ReturnType<SchemaWorkspace['before']>): string[] {
  return [...state.relations].filter(([, relation]) => relation.kind === 'table').map(([key]) => key).sort();
}

function lintIn(workspace: SchemaWorkspace, name: string, rule?: string) {
  const path = `${DIR}/${name}`;
  const text = workspace.migration(path)!.text;
  const result = lintText(text, { settings: resolveSettings(), path, schema: workspace.inputFor(path) });
  expect(result.internalErrors).toEqual([]);
  return summarize(text, rule ? result.findings.filter((finding) => finding.ruleId === rule) : result.findings);
}

const USERS = revision('a1', 'None', '    op.create_table("users", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("email", sa.Text()))', '    op.drop_table("users")');
const ORDERS = revision(
  'b2',
  '"a1"',
  '    op.create_table("orders", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("user_id", sa.BigInteger()))\n    op.create_index("ix_orders_user_id", "orders", ["user_id"])',
  '    op.drop_table("orders")',
);
const FOREIGN_KEY = revision('c3', '"b2"', '    op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"])', '    op.drop_constraint("fk_orders_user", "orders", type_="foreignkey")');

describe('an Alembic versions/ folder as a history', () => {
  it('orders the revisions by down_revision, not by file name, and replays upgrade() only', () => {
    // names sort the other way round from the graph
    const workspace = workspaceOf({ 'z_users.py': USERS, 'm_orders.py': ORDERS, 'a_fk.py': FOREIGN_KEY, '__init__.py': '', 'helpers.py': 'def f():\n    pass\n' });
    const [history] = workspace.histories();
    expect(history.layout).toBe('alembic');
    expect(history.folder).toBe(DIR);
    expect(history.files.map((file) => file.path.slice(DIR.length + 1))).toEqual(['z_users.py', 'm_orders.py', 'a_fk.py']);
    expect(history.revisions?.map((entry) => [entry.id, entry.downRevisions])).toEqual([
      ['a1', []],
      ['b2', ['a1']],
      ['c3', ['b2']],
    ]);
    const final = workspace.final(history);
    expect(tables(final)).toEqual(['public.orders', 'public.users']); // the downgrades' drops never ran
    expect(final.relations.get('public.orders')!.constraints.map((constraint) => constraint.name)).toEqual(['orders_pkey', 'fk_orders_user']);
    expect([...workspace.before(`${DIR}/a_fk.py`).indexes.keys()].sort()).toEqual(['public.ix_orders_user_id', 'public.orders_pkey', 'public.users_pkey']);
    expect(tables(workspace.before(`${DIR}/m_orders.py`))).toEqual(['public.users']);
  });

  it('a foreign key added by op.create_foreign_key sees the index an earlier revision created', () => {
    const indexed = workspaceOf({ '1.py': USERS, '2.py': ORDERS, '3.py': FOREIGN_KEY });
    expect(lintIn(indexed, '3.py', 'require-index-on-foreign-key')).toEqual([]);
    const unindexed = workspaceOf({ '1.py': USERS, '2.py': ORDERS.replace('\n    op.create_index("ix_orders_user_id", "orders", ["user_id"])', ''), '3.py': FOREIGN_KEY });
    expect(lintIn(unindexed, '3.py', 'require-index-on-foreign-key')).toEqual([
      { messageId: 'unindexed', text: 'op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"])' },
    ]);
    // a lone file has no earlier revisions: the table is unknown, and so is whether an index covers the key
    expect(lintText(FOREIGN_KEY, { settings: resolveSettings(), path: `${DIR}/3.py` }).findings.filter((f) => f.ruleId === 'require-index-on-foreign-key')).toEqual([]);
  });

  it('a table an earlier revision created is an existing table; one this revision creates is new', () => {
    const index = revision('c3', '"b2"', '    op.create_index("ix_users_email", "users", ["email"])', '    op.drop_index("ix_users_email", table_name="users")');
    expect(lintIn(workspaceOf({ '1.py': USERS, '2.py': ORDERS, '3.py': index }), '3.py', 'require-concurrent-index')).toEqual([
      { messageId: 'inRunnerTransaction', text: 'op.create_index("ix_users_email", "users", ["email"])' },
    ]);
    // ORDERS creates orders and indexes it in the same revision: an empty table
    expect(lintIn(workspaceOf({ '1.py': USERS, '2.py': ORDERS }), '2.py', 'require-concurrent-index')).toEqual([]);
  });

  it('downgrade() runs on the schema upgrade() left', () => {
    // the index upgrade() creates is known to downgrade(): dropping it is reported as a blocking DROP INDEX, not as a missing name
    const text = revision('c3', '"b2"', '    op.create_index("ix_users_email", "users", ["email"])', '    op.drop_index("ix_users_email", table_name="users")');
    const workspace = workspaceOf({ '1.py': USERS, '2.py': ORDERS, '3.py': text });
    const path = `${DIR}/3.py`;
    const result = lintText(text, { settings: resolveSettings(), path, schema: workspace.inputFor(path) });
    expect(result.schema?.after.indexes.has('public.ix_users_email')).toBe(true);
    expect(result.schema?.before.indexes.has('public.ix_users_email')).toBe(false);
  });

  it('gives a revision on a branch the schema of its own ancestors, and a merge the schema of both branches', () => {
    const left = revision('l1', '"a1"', '    op.create_table("left_t", sa.Column("id", sa.Integer(), primary_key=True))');
    const right = revision('r1', '"a1"', '    op.create_table("right_t", sa.Column("id", sa.Integer(), primary_key=True))');
    const merge = revision('m1', '("l1", "r1")', '    pass');
    const workspace = workspaceOf({ '1.py': USERS, '2_left.py': left, '3_right.py': right, '4_merge.py': merge });
    const [history] = workspace.histories();
    expect(history.files.map((file) => file.path.slice(DIR.length + 1))).toEqual(['1.py', '2_left.py', '3_right.py', '4_merge.py']);
    expect(tables(workspace.before(`${DIR}/3_right.py`))).toEqual(['public.users']); // not left_t: another branch
    expect(tables(workspace.before(`${DIR}/4_merge.py`))).toEqual(['public.left_t', 'public.right_t', 'public.users']);
    expect(tables(workspace.final(history))).toEqual(['public.left_t', 'public.right_t', 'public.users']);
    // the rest of the history after the right branch includes the left one
    const path = `${DIR}/3_right.py`;
    const result = lintText(right, { settings: resolveSettings(), path, schema: workspace.inputFor(path) });
    expect(tables(result.schema!.final)).toEqual(['public.left_t', 'public.right_t', 'public.users']);
  });

  it('reorders the history when a revision changes its down_revision, and replays only what follows an edit otherwise', () => {
    const workspace = workspaceOf({ '1.py': USERS, '2.py': ORDERS, '3.py': FOREIGN_KEY });
    const [history] = workspace.histories();
    workspace.final(history);
    const replayed = workspace.filesReplayed;
    workspace.setFile(`${DIR}/3.py`, FOREIGN_KEY.replace('op.create_foreign_key', '# nothing\n    op.create_foreign_key'));
    workspace.final(workspace.histories()[0]);
    expect(workspace.filesReplayed - replayed).toBe(1);
    // orders now follows nothing and the foreign key follows users: the order changes with the graph
    workspace.setFile(`${DIR}/2.py`, ORDERS.replace('down_revision = "a1"', 'down_revision = "c3"'));
    workspace.setFile(`${DIR}/3.py`, FOREIGN_KEY.replace('down_revision = "b2"', 'down_revision = "a1"'));
    expect(workspace.histories()[0].files.map((file) => file.path.slice(DIR.length + 1))).toEqual(['1.py', '3.py', '2.py']);
    expect(workspace.problems(`${DIR}/3.py`).map((problem) => problem.message)).toEqual(['"orders" does not exist at this point of the history']);
  });

  it('survives revisions that do not form a graph: a cycle, a duplicate id, a missing parent, broken Python', () => {
    const workspace = workspaceOf({
      '1.py': revision('x', '"y"', '    op.create_table("t1", sa.Column("id", sa.Integer()))'),
      '2.py': revision('y', '"x"', '    op.create_table("t2", sa.Column("id", sa.Integer()))'),
      '3.py': revision('y', '"gone"', '    op.create_table("t3", sa.Column("id", sa.Integer()))'),
      '4.py': 'revision = "z"\ndef upgrade(:\n    op.create_table(',
    });
    const [history] = workspace.histories();
    expect(history.files).toHaveLength(4);
    expect(tables(workspace.final(history))).toEqual(['public.t1', 'public.t2', 'public.t3']);
    for (const file of history.files) expect(() => lintIn(workspace, file.path.slice(DIR.length + 1))).not.toThrow();
  });
});

describe.skipIf(ALEMBIC_CORPUS.length === 0)('the corpus projects as histories', () => {
  it('replays each project in graph order and lints every revision in it without an internal error', () => {
    const folders = [...new Set(ALEMBIC_CORPUS.map((path) => path.slice(0, path.lastIndexOf('/'))))];
    expect(folders).toHaveLength(4);
    for (const folder of folders) {
      // the corpus keeps each project's versions/ folder under its own name: a histories setting names it
      const workspace = new SchemaWorkspace([{ folder }]);
      const paths = ALEMBIC_CORPUS.filter((path) => path.startsWith(`${folder}/`));
      for (const path of paths) workspace.setFile(path, readFileSync(path, 'utf8'));
      const [history] = workspace.histories();
      expect(history.layout, folder).toBe('alembic');
      expect(history.files.length, folder).toBeGreaterThan(paths.length - 3); // __init__.py and the like are not revisions
      const position = new Map(history.files.map((file, index) => [history.revisions![index].id, index]));
      for (const [index, entry] of history.revisions!.entries()) for (const parent of entry.downRevisions) expect(position.get(parent)!, entry.file).toBeLessThan(index);
      expect(tables(workspace.final(history)).length, folder).toBeGreaterThan(10);
      for (const path of paths) {
        const text = readFileSync(path, 'utf8');
        const result = lintText(text, { settings: resolveSettings(), path, schema: workspace.inputFor(path) });
        expect(result.internalErrors, path).toEqual([]);
      }
    }
  });
});

describe('the CLI and the server read versions/*.py into the workspace', () => {
  it('workspaceFor loads the other revisions of a linted revision\'s folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'schemaguard-alembic-ws-'));
    const versions = join(root, 'migrations', 'versions');
    mkdirSync(versions, { recursive: true });
    writeFileSync(join(versions, '1.py'), USERS);
    writeFileSync(join(versions, '2.py'), ORDERS);
    writeFileSync(join(versions, '3.py'), FOREIGN_KEY);
    writeFileSync(join(root, 'migrations', 'env.py'), 'from alembic import context\n');
    const workspace = await workspaceFor([join(versions, '3.py')], root, resolveSettings());
    expect(workspace.paths().sort()).toEqual([join(versions, '1.py'), join(versions, '2.py'), join(versions, '3.py')]);
    expect(workspace.positionOf(join(versions, '3.py'))?.index).toBe(2);
  });
});
