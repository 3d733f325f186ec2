/**
 * "Preview SQL" on an Alembic revision through the protocol: the code lens on upgrade(), and the
 * schemaguard/previewAlembicSql request running real Alembic offline on a copy of the shop fixture
 * project, its SQL linted against the schema before the revision. The Alembic runs are skipped, and
 * say so, when no Python can import alembic (SCHEMAGUARD_SKIP_ALEMBIC=1 skips them too).
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { CodeLensRequest } from 'vscode-languageserver-protocol';
import type { TestClient } from '../harness/lsp-client';
import { startServer } from '../harness/lsp-client';
import { SKIP_ALEMBIC, alembicPython } from '../snippets/alembic';

type Preview = { ok: true; revision: string; range: string; text: string; diagnostics: Diagnostic[] } | { ok: false; message: string };

function findAlembic(): string | undefined {
  if (SKIP_ALEMBIC) return undefined;
  try {
    return alembicPython();
  } catch {
    return undefined;
  }
}
const PYTHON = findAlembic();
const WITH_ALEMBIC = PYTHON ? '' : ' (skipped: no Python that can import alembic; apt-get install -y python3-alembic)';

let client: TestClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
});

function shopProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'schemaguard-lsp-preview-'));
  cpSync('test/fixtures/alembic/shop', root, { recursive: true });
  return root;
}

async function preview(root: string, file: string, settings: Record<string, unknown> = {}): Promise<{ uri: string; text: string; result: Preview }> {
  client = await startServer({ rootPath: root });
  client.settings = settings;
  const path = join(root, 'versions', file);
  const uri = pathToFileURL(path).href;
  const text = readFileSync(path, 'utf8');
  client.open(uri, text, 'python');
  await client.diagnostics(uri);
  const result = await client.connection.sendRequest<Preview>('schemaguard/previewAlembicSql', { uri });
  return { uri, text, result };
}

function textAt(text: string, diagnostic: Diagnostic): string {
  const lines = text.split('\n');
  const { start, end } = diagnostic.range;
  return start.line === end.line ? lines[start.line].slice(start.character, end.character) : lines[start.line].slice(start.character);
}

describe('SQL preview of an Alembic revision', () => {
  it('puts a "Preview SQL" code lens on the name of upgrade()', async () => {
    const root = shopProject();
    client = await startServer({ rootPath: root });
    const uri = pathToFileURL(join(root, 'versions', '0002_columns.py')).href;
    client.open(uri, readFileSync(join(root, 'versions', '0002_columns.py'), 'utf8'), 'python');
    await client.diagnostics(uri);
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    expect(lenses).toEqual([
      { range: { start: { line: 15, character: 4 }, end: { line: 15, character: 11 } }, command: { title: 'Preview SQL (alembic upgrade --sql)', command: 'schemaguard.previewAlembicSql', arguments: [uri] } },
    ]);
    const sqlUri = pathToFileURL(join(root, 'x.sql')).href;
    client.open(sqlUri, 'SELECT 1;\n');
    expect(await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: sqlUri } })).toEqual([]);
  });

  it.skipIf(!PYTHON)(`renders <prev>:<rev> with real Alembic offline and lints the SQL against the schema before the revision${WITH_ALEMBIC}`, async () => {
    const { result } = await preview(shopProject(), '0002_columns.py', { python: PYTHON });
    if (!result.ok) throw new Error(result.message);
    expect(result.range).toBe('0001:0002');
    expect(result.text).toMatch(/^-- 0002: alembic upgrade 0001:0002 --sql/);
    expect(result.text).toContain('ALTER TABLE users ADD COLUMN phone VARCHAR(20);');
    expect(result.text).toContain("UPDATE alembic_version SET version_num='0002' WHERE alembic_version.version_num = '0001';");
    const byRule = (rule: string) => result.diagnostics.filter((diagnostic) => diagnostic.code === rule).map((diagnostic) => textAt(result.text, diagnostic));
    expect(byRule('require-concurrent-index')).toEqual(['CREATE INDEX ix_users_team_id ON users', 'CREATE INDEX ix_orgs_country ON orgs']);
    expect(byRule('ban-drop-column')).toEqual(['DROP COLUMN bio', 'DROP COLUMN settings']);
    expect(result.diagnostics.filter((diagnostic) => textAt(result.text, diagnostic).includes('alembic_version'))).toEqual([]);
    expect(result.diagnostics.every((diagnostic) => diagnostic.data === undefined)).toBe(true);
  });

  it.skipIf(!PYTHON)(`renders the first revision from base${WITH_ALEMBIC}`, async () => {
    const { result } = await preview(shopProject(), '0001_create_tables.py', { python: PYTHON });
    if (!result.ok) throw new Error(result.message);
    expect(result.range).toBe('base:0001');
    expect(result.text).toContain('CREATE TABLE orgs (');
    expect(result.diagnostics.map((diagnostic) => textAt(result.text, diagnostic)).filter((text) => text.includes('alembic_version'))).toEqual([]);
  });

  it('says which Python it tried when none can import alembic', async () => {
    const { result } = await preview(shopProject(), '0002_columns.py', { python: '/nonexistent/bin/python3' });
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^No Python that can import alembic and sqlalchemy \(tried \/nonexistent\/bin\/python3\)/) });
  });

  it('says so when no alembic.ini is above the revision', async () => {
    const root = mkdtempSync(join(tmpdir(), 'schemaguard-lsp-preview-noini-'));
    mkdirSync(join(root, 'versions'));
    writeFileSync(join(root, 'versions', '0001_a.py'), 'from alembic import op\nrevision = "0001"\ndown_revision = None\n\ndef upgrade():\n    op.execute("SELECT 1")\n');
    const { result } = await preview(root, '0001_a.py');
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^No alembic\.ini in .*versions or the folders above it/) });
  });

  it.skipIf(!PYTHON)(`passes Alembic's own error on when the run fails${WITH_ALEMBIC}`, async () => {
    const root = shopProject();
    writeFileSync(join(root, 'env.py'), 'raise RuntimeError("env.py is broken")\n');
    const { result } = await preview(root, '0002_columns.py', { python: PYTHON });
    expect(result).toEqual({ ok: false, message: expect.stringContaining('RuntimeError: env.py is broken') });
  });
});
