/** The language server over stdio, driven by a real LSP client. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { CodeActionRequest } from 'vscode-languageserver-protocol/node';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestClient } from '../harness/lsp-client';
import { codes, startServer } from '../harness/lsp-client';

let client: TestClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
});

async function codeActions(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  const result = await client!.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  });
  return (result ?? []) as CodeAction[];
}

function applyAction(text: string, uri: string, action: CodeAction): string {
  const document = TextDocument.create(uri, 'sql', 1, text);
  return TextDocument.applyEdits(document, action.edit!.changes![uri]);
}

describe('language server', () => {
  it('answers initialize with incremental sync and quick fixes', async () => {
    client = await startServer();
    const capabilities = client.initializeResult.capabilities;
    expect(capabilities.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    expect(capabilities.codeActionProvider).toBeTruthy();
    expect(client.initializeResult.serverInfo?.name).toBe('schemaguard');
  });

  it('publishes the finding for an opened document and fixes it with CONCURRENTLY', async () => {
    client = await startServer();
    const uri = 'file:///tmp/schemaguard-test/f.sql';
    const text = 'CREATE INDEX i ON t (c);\n';
    client.open(uri, text);
    const { diagnostics, version } = await client.diagnostics(uri);
    expect(version).toBe(1);
    expect(codes(diagnostics)).toEqual(['require-concurrent-index']);
    const [diagnostic] = diagnostics;
    expect(diagnostic.range).toEqual({ start: { line: 0, character: 0 }, end: { line: 0, character: 19 } });
    expect(diagnostic.source).toBe('schemaguard');
    expect(diagnostic.codeDescription?.href).toMatch(/docs\/rules\/require-concurrent-index\.md$/);

    const actions = await codeActions(uri, diagnostic);
    expect(actions.map((a) => a.title)).toEqual([
      'Use CREATE INDEX CONCURRENTLY',
      'Ignore require-concurrent-index for this statement',
      'Ignore require-concurrent-index in this file',
    ]);
    expect(actions[0].isPreferred).toBe(true);
    expect(applyAction(text, uri, actions[0])).toBe('CREATE INDEX CONCURRENTLY i ON t (c);\n');
    expect(applyAction(text, uri, actions[1])).toBe('-- schemaguard-ignore require-concurrent-index\nCREATE INDEX i ON t (c);\n');
  });

  it('keeps fixes on the server: a diagnostic names its finding, and one of an older version gets no stale fix', async () => {
    client = await startServer();
    const uri = 'file:///tmp/schemaguard-test/stale.sql';
    const text = 'CREATE INDEX i ON t (c);\n';
    client.open(uri, text);
    const [old] = (await client.diagnostics(uri)).diagnostics;
    expect(old.data).toEqual({ ruleId: 'require-concurrent-index', version: 1, index: 0 });
    const edited = `SELECT 1;\n${text}`;
    client.change(uri, 2, [{ text: edited }]);
    const [current] = (await client.diagnostics(uri, (p) => p.version === 2)).diagnostics;
    expect(current.range.start.line).toBe(1);
    // the version-1 diagnostic's fix would now edit the wrong line
    expect(await codeActions(uri, old)).toEqual([]);
    const actions = await codeActions(uri, current);
    expect(actions.map((a) => a.title)[0]).toBe('Use CREATE INDEX CONCURRENTLY');
    expect(applyAction(edited, uri, actions[0])).toBe('SELECT 1;\nCREATE INDEX CONCURRENTLY i ON t (c);\n');
  });

  it('offers source.fixAll that applies every safe rewrite of the file', async () => {
    client = await startServer();
    const uri = 'file:///tmp/schemaguard-test/fixall.sql';
    const text = 'CREATE INDEX a ON t (c);\nSELECT 1;\nCREATE INDEX b ON u (d);\n';
    client.open(uri, text);
    await client.diagnostics(uri);
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    expect(actions.map((a) => a.kind)).toEqual(['source.fixAll.schemaguard']);
    expect(applyAction(text, uri, actions[0])).toBe('CREATE INDEX CONCURRENTLY a ON t (c);\nSELECT 1;\nCREATE INDEX CONCURRENTLY b ON u (d);\n');
  });

  it('the ignore action really silences the finding', async () => {
    client = await startServer();
    const uri = 'file:///tmp/schemaguard-test/ignore.sql';
    const text = 'SELECT 1;\nCREATE INDEX i ON t (c);\n';
    client.open(uri, text);
    const [diagnostic] = (await client.diagnostics(uri)).diagnostics;
    const actions = await codeActions(uri, diagnostic);
    const ignored = applyAction(text, uri, actions.find((a) => a.title.includes('for this statement'))!);
    client.change(uri, 2, [{ text: ignored }]);
    const after = await client.diagnostics(uri, (p) => p.version === 2);
    expect(after.diagnostics).toEqual([]);
  });

  it('follows incremental edits, newest version wins', async () => {
    client = await startServer();
    const uri = 'file:///tmp/schemaguard-test/edit.sql';
    client.open(uri, 'SELECT 1;\n');
    expect((await client.diagnostics(uri, (p) => p.version === 1)).diagnostics).toEqual([]);
    // three quick edits in a row: type an index statement character by character at the end
    client.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'CREATE INDEX' }]);
    client.change(uri, 3, [{ range: { start: { line: 1, character: 12 }, end: { line: 1, character: 12 } }, text: ' i ON t (c)' }]);
    client.change(uri, 4, [{ range: { start: { line: 1, character: 23 }, end: { line: 1, character: 23 } }, text: ';' }]);
    const latest = await client.diagnostics(uri, (p) => p.version === 4);
    expect(codes(latest.diagnostics)).toEqual(['require-concurrent-index']);
    expect(latest.diagnostics[0].range.start).toEqual({ line: 1, character: 0 });
    // no result for an older version arrives after the newest one
    const versions = client.published.filter((p) => p.uri === uri).map((p) => p.version ?? 0);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it('reports a syntax error at its position and still analyses the rest', async () => {
    client = await startServer();
    const uri = 'file:///tmp/schemaguard-test/broken.sql';
    client.open(uri, 'SELEC 1;\nCREATE INDEX é_idx ON tä (c);\n');
    const { diagnostics } = await client.diagnostics(uri);
    expect(codes(diagnostics)).toEqual(['syntax-error', 'require-concurrent-index']);
    expect(diagnostics[0].range).toEqual({ start: { line: 0, character: 0 }, end: { line: 0, character: 5 } });
    expect(diagnostics[1].range).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 24 } });
  });

  it('re-lints open documents when the settings change', async () => {
    client = await startServer();
    const uri = 'file:///tmp/schemaguard-test/settings.sql';
    client.open(uri, 'CREATE INDEX i ON t (c);\n');
    expect(codes((await client.diagnostics(uri)).diagnostics)).toEqual(['require-concurrent-index']);
    const count = client.published.length;
    client.changeSettings({ rules: { 'require-concurrent-index': 'off' } });
    const after = await client.diagnostics(uri, () => client!.published.length > count);
    expect(after.diagnostics).toEqual([]);
    const count2 = client.published.length;
    client.changeSettings({ rules: { 'require-concurrent-index': 'error' } });
    const again = await client.diagnostics(uri, () => client!.published.length > count2);
    expect(again.diagnostics[0].severity).toBe(1);
  });

  it('takes .schemaguard.json over editor settings and reports a broken config file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'schemaguard-ws-'));
    writeFileSync(join(root, '.schemaguard.json'), '{ "rules": { "require-concurrent-index": "error" }, "postgresVersion": 9 }');
    client = await startServer({ rootPath: root });
    client.settings = { rules: { 'require-concurrent-index': 'hint' } };
    const uri = pathToFileURL(join(root, 'm.sql')).href;
    client.open(uri, 'CREATE INDEX i ON t (c);\n');
    const { diagnostics } = await client.diagnostics(uri);
    expect(diagnostics.map((d) => d.severity)).toEqual([1]);
    // the config file is not open, yet its problem is published
    const configUriOnDisk = pathToFileURL(join(root, '.schemaguard.json')).href;
    expect((await client.diagnostics(configUriOnDisk)).diagnostics.map((d) => d.code)).toEqual(['config-error']);

    const configUri = pathToFileURL(join(root, '.schemaguard.json')).href;
    client.open(configUri, '{ "rules": { "require-concurrent-index": "error" }, "postgresVersion": 9 }', 'json');
    const config = await client.diagnostics(configUri);
    expect(config.diagnostics.map((d) => d.code)).toEqual(['config-error']);
    expect(config.diagnostics[0].range.start.character).toBe(71);
  });

  it('analyses an Alembic revision at its Python ranges, and keeps answering while it is half-typed', async () => {
    client = await startServer();
    const uri = 'file:///tmp/schemaguard-test/versions/0002_email_index.py';
    const text = [
      'from alembic import op',
      '',
      'revision = "0002"',
      'down_revision = None',
      '',
      '',
      'def upgrade():',
      '    op.create_index("ix_users_email", "users", ["email"])',
      '',
      '',
      'def downgrade():',
      '    op.drop_index("ix_users_email", table_name="users")',
      '',
    ].join('\n');
    client.open(uri, text, 'python');
    const { diagnostics } = await client.diagnostics(uri);
    expect(codes(diagnostics)).toEqual(['require-concurrent-index', 'require-concurrent-index-drop', 'require-lock-timeout']);
    expect(diagnostics[0].range).toEqual({ start: { line: 7, character: 4 }, end: { line: 7, character: 57 } });
    // the fix is written in Python (the SQL rewrite would write SQL into Python), then the Python ignore comments
    expect((await codeActions(uri, diagnostics[0])).map((action) => action.title)).toEqual([
      'Build the index with postgresql_concurrently=True in op.get_context().autocommit_block()',
      'Ignore require-concurrent-index for this call',
      'Ignore require-concurrent-index in this file',
    ]);
    const halfTyped = text.replace('["email"])', '["email"');
    client.change(uri, 2, [{ text: halfTyped }]);
    const after = await client.diagnostics(uri, (p) => p.version === 2);
    expect(codes(after.diagnostics)).toContain('syntax-error');
  });

  it('does not analyse non-SQL documents', async () => {
    client = await startServer();
    const sqlUri = 'file:///tmp/schemaguard-test/after.sql';
    client.open('file:///tmp/schemaguard-test/notes.txt', 'CREATE INDEX i ON t (c);', 'plaintext');
    client.open(sqlUri, 'SELECT 1;');
    await client.diagnostics(sqlUri);
    expect(client.published.filter((p) => p.uri.endsWith('notes.txt'))).toEqual([]);
  });

  it('survives a 10 MB document, binary text and half-typed statements, and keeps answering', async () => {
    client = await startServer();
    const big = 'file:///tmp/schemaguard-test/big.sql';
    client.open(big, 'CREATE INDEX i ON t (c);\n'.repeat(420_000));
    const skipped = await client.diagnostics(big, undefined, 30_000);
    expect(codes(skipped.diagnostics)).toEqual(['file-skipped']);
    expect(skipped.diagnostics[0].message).toContain('maxFileSize');

    const binary = 'file:///tmp/schemaguard-test/binary.sql';
    client.open(binary, 'PK\u0003\u0004\u0000\u0000\ufffd\ufffd');
    expect(codes((await client.diagnostics(binary)).diagnostics)).toEqual(['file-skipped']);

    const half = 'file:///tmp/schemaguard-test/half.sql';
    client.open(half, "CREATE INDEX i ON t (c);\nALTER TABLE t ADD COLUMN 'x\nSELECT $$ never closed");
    const halfResult = await client.diagnostics(half);
    expect(codes(halfResult.diagnostics)).toEqual(['require-concurrent-index', 'syntax-error', 'syntax-error']);

    const after = 'file:///tmp/schemaguard-test/after-bad.sql';
    client.open(after, 'CREATE INDEX i ON t (c);');
    expect(codes((await client.diagnostics(after)).diagnostics)).toEqual(['require-concurrent-index']);
    expect(client.stderr()).toBe('');
  });
});
