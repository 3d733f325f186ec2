/** The workspace schema: histories replayed in order, snapshots reused, only what an edit touches replayed again. */
import { beforeAll, describe, expect, it } from 'vitest';
import { SchemaWorkspace } from '../../server/src/core/model/schema/workspace';
import { initParser } from '../../server/src/core/source/parser';

beforeAll(() => initParser());

function history(files: Record<string, string>): SchemaWorkspace {
  const workspace = new SchemaWorkspace();
  for (const [path, text] of Object.entries(files)) workspace.setFile(path, text);
  return workspace;
}

const columnsOf = (workspace: SchemaWorkspace, table: string, at: SchemaWorkspace['final'] extends (h: infer H) => unknown ? H : never) =>
  workspace.final(at).relations.get(table)?.columns.map((column) => `${column.name} ${column.type.name}`);

describe('workspace schema', () => {
  it('replays a history in its runner order, down migrations left out', () => {
    const workspace = history({
      'm/2_add_email.up.sql': 'ALTER TABLE users ADD COLUMN email text;',
      'm/1_users.up.sql': 'CREATE TABLE users (id bigint PRIMARY KEY);',
      'm/2_add_email.down.sql': 'ALTER TABLE users DROP COLUMN email;',
    });
    const [only] = workspace.histories();
    expect(columnsOf(workspace, 'public.users', only)).toEqual(['id bigint', 'email text']);
    expect(workspace.before('m/2_add_email.up.sql').relations.get('public.users')?.columns.map((column) => column.name)).toEqual(['id']);
  });

  it('gives each file the schema before it, and the rest of the history after it', () => {
    const workspace = history({
      'm/1_a.up.sql': 'CREATE TABLE a (id int);',
      'm/2_b.up.sql': 'CREATE TABLE b (id int);',
      'm/3_c.up.sql': 'DROP TABLE a;',
    });
    const before = workspace.before('m/2_b.up.sql');
    expect([...before.relations.keys()]).toEqual(['public.a']);
    const after = before.clone();
    after.relations.delete('public.a'); // whatever file 2 leaves behind
    expect([...workspace.replayRest('m/2_b.up.sql', after).relations.keys()]).toEqual([]);
  });

  it('replays only the files after an edited one', () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 20; i++) files[`m/${String(i).padStart(3, '0')}_t${i}.up.sql`] = `CREATE TABLE t${i} (id int);`;
    const workspace = history(files);
    const [only] = workspace.histories();
    workspace.final(only);
    const full = workspace.filesReplayed;
    expect(full).toBe(20);
    workspace.setFile('m/018_t18.up.sql', 'CREATE TABLE t18 (id int, note text);');
    expect(columnsOf(workspace, 'public.t18', workspace.histories()[0])).toEqual(['id integer', 'note text']);
    expect(workspace.filesReplayed - full).toBe(3); // files 18, 19 and 20
    workspace.before('m/010_t10.up.sql');
    expect(workspace.filesReplayed - full).toBe(3); // the snapshot before file 10 is still there
  });

  it('does nothing for a file whose text did not change', () => {
    const workspace = history({ 'm/1_a.up.sql': 'CREATE TABLE a (id int);' });
    expect(workspace.setFile('m/1_a.up.sql', 'CREATE TABLE a (id int);')).toBe(false);
  });

  it('orders a folder of schema files by what each file uses', () => {
    const workspace = history({
      'schema/CreateFKConstraints.sql': 'ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id);',
      'schema/CreateIndexes.sql': 'CREATE INDEX ON orders (customer_id);',
      'schema/CreateTables.sql': 'CREATE TABLE customers (id int PRIMARY KEY);\nCREATE TABLE orders (id int, customer_id int);',
    });
    const [only] = workspace.histories();
    expect(only.files.map((file) => file.path)).toEqual(['schema/CreateTables.sql', 'schema/CreateFKConstraints.sql', 'schema/CreateIndexes.sql']);
    const orders = workspace.final(only).relations.get('public.orders')!;
    expect(orders.constraints.map((constraint) => constraint.name)).toEqual(['orders_customer_id_fkey']);
    expect(orders.indexes).toEqual(['public.orders_customer_id_idx']);
  });

  it('notes what the history never created, without stopping', () => {
    const workspace = history({ 'm/1_a.up.sql': 'ALTER TABLE missing ADD COLUMN x int;\nCREATE TABLE a (id int);' });
    const [only] = workspace.histories();
    expect([...workspace.final(only).relations.keys()]).toEqual(['public.a']);
    expect(workspace.problems('m/1_a.up.sql').map((problem) => problem.message)).toEqual(['"missing" does not exist at this point of the history']);
  });
});
