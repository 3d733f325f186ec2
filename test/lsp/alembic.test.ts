/** The language server on an Alembic project: revisions read from disk and from open documents into the workspace schema. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestClient } from '../harness/lsp-client';
import { codes, startServer } from '../harness/lsp-client';

let client: TestClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
});

function revision(id: string, down: string, upgrade: string): string {
  return `import sqlalchemy as sa\nfrom alembic import op\n\nrevision = "${id}"\ndown_revision = ${down}\n\n\ndef upgrade():\n${upgrade}\n\n\ndef downgrade():\n    raise NotImplementedError()\n`;
}

const USERS = revision('a1', 'None', '    op.create_table("users", sa.Column("id", sa.BigInteger(), primary_key=True))');
const ORDERS = revision('b2', '"a1"', '    op.create_table("orders", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("user_id", sa.BigInteger()))');
const FOREIGN_KEY = revision('c3', '"b2"', '    op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"])');

describe('language server on an Alembic project', () => {
  it('checks a revision against the schema of the revisions before it, on disk and open', async () => {
    const root = mkdtempSync(join(tmpdir(), 'schemaguard-lsp-alembic-'));
    const versions = join(root, 'migrations', 'versions');
    mkdirSync(versions, { recursive: true });
    writeFileSync(join(versions, '1_users.py'), USERS);
    writeFileSync(join(versions, '2_orders.py'), ORDERS);
    writeFileSync(join(versions, '3_fk.py'), FOREIGN_KEY);
    client = await startServer({ rootPath: root });
    const uri = pathToFileURL(join(versions, '3_fk.py')).href;
    client.open(uri, FOREIGN_KEY, 'python');
    // once the folder is read, the foreign key's table is known, and so is that no index covers it
    const { diagnostics } = await client.diagnostics(uri, (params) => codes(params.diagnostics).includes('require-index-on-foreign-key'));
    const finding = diagnostics.find((diagnostic) => diagnostic.code === 'require-index-on-foreign-key')!;
    expect(finding.range).toEqual({ start: { line: 8, character: 4 }, end: { line: 8, character: 83 } });

    // an index added in the open (unsaved) earlier revision covers it
    const ordersUri = pathToFileURL(join(versions, '2_orders.py')).href;
    client.open(ordersUri, ORDERS, 'python');
    client.change(ordersUri, 2, [{ text: ORDERS.replace('sa.Column("user_id", sa.BigInteger()))', 'sa.Column("user_id", sa.BigInteger(), index=True))') }]);
    const after = await client.diagnostics(uri, (params) => !codes(params.diagnostics).includes('require-index-on-foreign-key'));
    expect(codes(after.diagnostics)).not.toContain('require-index-on-foreign-key');
  });

  it('reads the folder of a revision opened outside any workspace folder, so that its graph is whole', async () => {
    const root = mkdtempSync(join(tmpdir(), 'schemaguard-lsp-loose-'));
    const versions = join(root, 'versions');
    mkdirSync(versions, { recursive: true });
    writeFileSync(join(versions, '1_users.py'), USERS);
    writeFileSync(join(versions, '2_orders.py'), ORDERS);
    writeFileSync(join(versions, '2_orders_too.py'), ORDERS.replace('revision = "b2"', 'revision = "b3"').replace('"orders"', '"orders_2"'));
    client = await startServer();
    const uri = pathToFileURL(join(versions, '2_orders.py')).href;
    client.open(uri, ORDERS, 'python');
    const { diagnostics } = await client.diagnostics(uri);
    // a1 is on disk beside it: no missing down_revision; b3 also follows a1: two heads
    expect(codes(diagnostics)).not.toContain('ban-broken-alembic-revision-graph');
    expect(diagnostics.filter((diagnostic) => diagnostic.code === 'require-single-alembic-head').map((diagnostic) => diagnostic.range.start.line)).toEqual([3]);
  });
});
