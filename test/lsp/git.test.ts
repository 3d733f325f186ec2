/** The language server in a real git repository: what HEAD holds is read in the background, followed when HEAD moves. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { CodeActionRequest } from 'vscode-languageserver-protocol/node';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestClient } from '../harness/lsp-client';
import { startServer } from '../harness/lsp-client';

let client: TestClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
});

function git(root: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: root, stdio: 'ignore' });
}

const USERS = 'CREATE TABLE users (id bigint PRIMARY KEY);\n';
const EDITED = `${USERS}ALTER TABLE users ADD COLUMN email text;\n`;

function repository(): string {
  const root = mkdtempSync(join(tmpdir(), 'sg-lsp-git-'));
  const files = {
    'db/migrations/0010_users.up.sql': USERS,
    'db/migrations/0010_users.down.sql': 'DROP TABLE users;\n',
    'db/migrations/0020_orders.up.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY);\n',
    'db/migrations/0020_orders.down.sql': 'DROP TABLE orders;\n',
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'migrations');
  return root;
}

const edited = (diagnostics: Diagnostic[]): Diagnostic[] => diagnostics.filter((diagnostic) => diagnostic.code === 'ban-editing-applied-migration');

describe('language server and git', () => {
  it('reports an edit of a committed migration, moves it to a new migration, and forgets it once committed', async () => {
    const root = repository();
    client = await startServer({ rootPath: root, createFiles: true });
    const path = join(root, 'db/migrations/0010_users.up.sql');
    const uri = pathToFileURL(path).href;
    client.open(uri, EDITED);
    // the first analysis may run before git is read; the server lints again when it knows
    const published = await client.diagnostics(uri, (params) => edited(params.diagnostics).length > 0);
    const [finding] = edited(published.diagnostics);
    expect(finding.range).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 39 } });

    const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: finding.range, context: { diagnostics: [finding] } })) as CodeAction[];
    const move = actions.find((action) => action.isPreferred)!;
    const changes = move.edit!.documentChanges!;
    const newUp = pathToFileURL(join(root, 'db/migrations/0021_users_followup.up.sql')).href;
    expect(changes).toContainEqual({ kind: 'create', uri: newUp, options: { overwrite: false, ignoreIfExists: false } });
    expect(changes).toContainEqual({ textDocument: { uri: newUp, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'ALTER TABLE users ADD COLUMN email text;\n' }] });
    // the edit takes out what differs from the committed text
    expect(changes).toContainEqual({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, newText: '' }] });

    // committing the edit moves HEAD: the server reads the new HEAD and the finding goes
    const seen = client.published.length;
    writeFileSync(path, EDITED);
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'email');
    await client.diagnostics(uri, (params) => client!.published.indexOf(params) >= seen && edited(params.diagnostics).length === 0, 5000);
  });
});
