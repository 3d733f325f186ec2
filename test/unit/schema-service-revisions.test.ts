import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initParser } from '../../server/src/core/source/parser';
import { SchemaService } from '../../server/src/schema-service';

const revision = (id: string, down: string | null, body: string): string =>
  `revision = "${id}"\ndown_revision = ${down === null ? 'None' : `"${down}"`}\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n    ${body}\n\n\ndef downgrade():\n    pass\n`;

describe('SchemaService: an open Alembic revision outside the scanned folders', () => {
  let root: string;
  beforeAll(async () => {
    await initParser();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads the other revisions of its folder (not the open one from disk, not binary or oversized files)', () => {
    root = mkdtempSync(join(tmpdir(), 'sg-revisions-'));
    const versions = join(root, 'versions');
    mkdirSync(versions);
    writeFileSync(join(versions, '0001_users.py'), revision('0001', null, 'op.create_table("users", sa.Column("id", sa.BigInteger(), primary_key=True))'));
    writeFileSync(join(versions, '0002_email.py'), revision('0002', '0001', 'op.add_column("users", sa.Column("email", sa.Text()))'));
    writeFileSync(join(versions, '0003_binary.py'), 'revision = "0003"\0');
    writeFileSync(join(versions, '0004_huge.py'), revision('0004', '0002', 'pass') + '#'.repeat(5 * 1024 * 1024));
    const service = new SchemaService(() => undefined);
    const open = join(versions, '0002_email.py');
    service.setOpen(open, revision('0002', '0001', 'op.add_column("users", sa.Column("nickname", sa.Text()))'));
    const workspace = service.workspaceOf(open);
    expect(workspace.hasFile(join(versions, '0001_users.py'))).toBe(true);
    expect(workspace.hasFile(join(versions, '0003_binary.py'))).toBe(false);
    expect(workspace.hasFile(join(versions, '0004_huge.py'))).toBe(false);
    // the open text, not the disk's, is what the history sees
    const before = workspace.before(open);
    expect(before.relations.get('public.users')?.columns.map((column) => column.name)).toEqual(['id']);
    expect(workspace.migration(open)?.text).toContain('nickname');
  });
});
