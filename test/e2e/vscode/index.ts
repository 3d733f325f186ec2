/**
 * The in-editor suite, in the @vscode/test-electron contract: the extension host loads the
 * bundled form of this module (test/e2e/.out/vscode/index.js) and awaits `run()`; a rejection
 * makes the editor exit with code 1. It runs unchanged under @vscode/test-electron (desktop
 * VS Code, `npm run test:vscode`) and inside code-server (`test/e2e/code-server/run.ts`).
 *
 * It drives the installed extension through the `vscode` API only, in a copy of
 * test/e2e/fixtures/workspace, SQL migrations and an Alembic revision (alembic/versions/).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parse as parseJsonc } from 'jsonc-parser';

const EXTENSION_ID = 'schemaguard.schemaguard';
const RULE = 'require-concurrent-index';
/** How long to wait for the server's answer before a test fails; generous because the machine is shared. */
const WAIT_MS = Number(process.env.SCHEMAGUARD_E2E_WAIT_MS) || 20_000;
/** A statement the stable rule always flags: once its warning shows, the server has analysed the text above it. */
const SENTINEL = 'CREATE INDEX sentinel_idx ON sentinel (c);';

interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

type Test = { name: string; body: () => Promise<void> };
const tests: Test[] = [];
function test(name: string, body: () => Promise<void>): void {
  tests.push({ name, body });
}

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs the fixture workspace open as a folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'schemaguard');
}

/** The findings of the one rule these tests are about; other rules may have their say on the same text. */
function ofRule(diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  return diagnostics.filter((d) => codeOf(d) === RULE);
}

function describe(diagnostics: vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return 'none';
  return diagnostics
    .map((d) => `${codeOf(d)} ${vscode.DiagnosticSeverity[d.severity]} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`)
    .join('; ');
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

/** Resolves with the schemaguard diagnostics of `uri` once `accept` holds for them; rejects after WAIT_MS. */
function waitForDiagnostics(uri: vscode.Uri, what: string, accept: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diagnostics = ours(uri);
      if (!accept(diagnostics)) return false;
      finish();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`waited ${WAIT_MS} ms for ${what} in ${vscode.workspace.asRelativePath(uri)}; diagnostics now: ${describe(ours(uri))}`));
    }, WAIT_MS);
    const finish = () => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relative));
  return vscode.window.showTextDocument(document);
}

/**
 * The diagnostics of the editor's text once the server has certainly analysed it: appends the
 * sentinel, waits for its warning, returns every other diagnostic, and takes the sentinel out again.
 */
async function diagnosticsOnceAnalysed(editor: vscode.TextEditor): Promise<vscode.Diagnostic[]> {
  const document = editor.document;
  const sentinelLine = document.lineCount;
  const end = document.lineAt(document.lineCount - 1).range.end;
  assert.ok(await editor.edit((edit) => edit.insert(end, `\n${SENTINEL}`)), 'could not append the sentinel statement');
  const all = await waitForDiagnostics(document.uri, `the ${RULE} warning on the sentinel (line ${sentinelLine + 1})`, (diagnostics) =>
    diagnostics.some((d) => codeOf(d) === RULE && d.range.start.line === sentinelLine),
  );
  assert.ok(await editor.edit((edit) => edit.delete(new vscode.Range(end, document.lineAt(sentinelLine).range.end))), 'could not remove the sentinel');
  return all.filter((d) => d.range.start.line !== sentinelLine);
}

async function setRules(value: Record<string, string> | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('schemaguard').update('rules', value, vscode.ConfigurationTarget.Workspace);
}

test('the packaged extension is installed and activates', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  // The runners point the editor at the extension as installed from schemaguard.vsix, not at the source tree.
  assert.ok(existsSync(join(extension.extensionPath, 'dist/server.js')), 'dist/server.js is missing from the installed extension');
  assert.ok(existsSync(join(extension.extensionPath, '.vsixmanifest')), `${extension.extensionPath} was not installed from a .vsix`);
  assert.ok(!existsSync(join(extension.extensionPath, 'server/src')), 'the source tree is under test, not the package');
  await extension.activate();
  assert.equal(extension.isActive, true);
});

test('a blocking CREATE INDEX gets a warning on its keywords', async () => {
  const editor = await open('migrations/001_add_orders_index.sql');
  const [diagnostic, ...others] = ofRule(await waitForDiagnostics(editor.document.uri, `the ${RULE} warning`, (d) => ofRule(d).length > 0));
  assert.deepEqual(others, [], `one ${RULE} finding expected, got ${describe([diagnostic, ...others])}`);
  assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
  assert.equal(editor.document.getText(diagnostic.range), 'CREATE INDEX orders_customer_id_idx ON orders');
  assert.match(diagnostic.message, /CONCURRENTLY/);
  const code = diagnostic.code as { value: string; target: vscode.Uri };
  assert.match(code.target.toString(), /docs\/rules\/require-concurrent-index\.md$/);
});

test('the safe form stays silent', async () => {
  const editor = await open('migrations/002_safe_index.sql');
  const diagnostics = await diagnosticsOnceAnalysed(editor);
  assert.deepEqual(describe(diagnostics), 'none');
});

test('changing schemaguard.rules re-lints open files', async () => {
  const uri = workspaceFile('migrations/001_add_orders_index.sql');
  await open('migrations/001_add_orders_index.sql');
  try {
    await setRules({ [RULE]: 'error' });
    await waitForDiagnostics(uri, 'the finding as an error', (d) => ofRule(d).length === 1 && ofRule(d)[0].severity === vscode.DiagnosticSeverity.Error);
    await setRules({ [RULE]: 'off' });
    await waitForDiagnostics(uri, 'no finding with the rule off', (d) => ofRule(d).length === 0);
  } finally {
    await setRules(undefined);
  }
  await waitForDiagnostics(uri, 'the warning back with the setting removed', (d) => ofRule(d).length === 1 && ofRule(d)[0].severity === vscode.DiagnosticSeverity.Warning);
});

test('the quick fix rewrites to CONCURRENTLY, saves, and the warning goes away', async () => {
  const editor = await open('migrations/001_add_orders_index.sql');
  const uri = editor.document.uri;
  const [diagnostic] = ofRule(await waitForDiagnostics(uri, `the ${RULE} warning`, (d) => ofRule(d).length === 1));
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  const titles = actions.map((action) => action.title);
  const fix = actions.find((action) => action.title === 'Use CREATE INDEX CONCURRENTLY');
  assert.ok(fix?.edit, `no 'Use CREATE INDEX CONCURRENTLY' action among: ${titles.join(' | ')}`);
  assert.equal(fix.isPreferred, true);
  assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the editor refused the fix');
  assert.ok(await editor.document.save(), 'save failed');
  assert.equal(readFileSync(uri.fsPath, 'utf8'), '-- Speeds up the order history page.\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);\n');
  await waitForDiagnostics(uri, `no ${RULE} finding after the fix`, (d) => ofRule(d).length === 0);
});

const REVISION = 'alembic/versions/0001_orders_customer_index.py';
const REVISION_CALL = 'op.create_index("ix_orders_customer_id", "orders", ["customer_id"])';
const PYTHON_FIX_TITLE = 'Build the index with postgresql_concurrently=True in op.get_context().autocommit_block()';

test('an Alembic revision (versions/*.py) gets the warning on its op.create_index call', async () => {
  const editor = await open(REVISION);
  const [diagnostic, ...others] = ofRule(await waitForDiagnostics(editor.document.uri, `the ${RULE} warning`, (d) => ofRule(d).length > 0));
  assert.deepEqual(others, [], `one ${RULE} finding expected, got ${describe([diagnostic, ...others])}`);
  assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
  assert.equal(editor.document.getText(diagnostic.range), REVISION_CALL);
  assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character], [14, 4]);
});

/** The preview runs real Alembic: the suite checks it where the machine has it (scripts/setup-system.sh installs python3-alembic). */
function hasAlembic(): boolean {
  return ['python3', '/usr/bin/python3'].some((python) => spawnSync(python, ['-c', 'import alembic, sqlalchemy']).status === 0);
}

test('"Preview SQL" on the revision opens what alembic upgrade --sql renders, read-only, with its findings', async () => {
  if (!hasAlembic()) {
    console.log('     (no Python that can import alembic here: the preview is not checked)');
    return;
  }
  const editor = await open(REVISION);
  await waitForDiagnostics(editor.document.uri, `the ${RULE} warning`, (d) => ofRule(d).length === 1);
  const lenses = await poll(
    'the code lens on upgrade()',
    () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri),
    (answer) => answer.some((lens) => lens.command?.command === 'schemaguard.previewAlembicSql'),
  );
  const lens = lenses.find((candidate) => candidate.command?.command === 'schemaguard.previewAlembicSql')!;
  assert.equal(editor.document.getText(lens.range), 'upgrade');
  const shown = await vscode.commands.executeCommand<vscode.TextEditor | undefined>(lens.command!.command, ...(lens.command!.arguments ?? []));
  assert.ok(shown, 'the preview did not open');
  const preview = shown.document;
  assert.equal(preview.uri.scheme, 'schemaguard-alembic-sql');
  assert.equal(preview.languageId, 'sql');
  assert.match(preview.getText(), /^-- 0001: alembic upgrade base:0001 --sql/);
  assert.match(preview.getText(), /\nCREATE INDEX ix_orders_customer_id ON orders \(customer_id\);\n/);
  const findings = ofRule(vscode.languages.getDiagnostics(preview.uri));
  assert.deepEqual(findings.map((d) => preview.getText(d.range)), ['CREATE INDEX ix_orders_customer_id ON orders']);
  // read-only: typing into the view changes nothing
  const before = preview.getText();
  await vscode.window.showTextDocument(preview, shown.viewColumn);
  await vscode.commands.executeCommand('type', { text: 'x' });
  assert.equal(preview.getText(), before, 'typing changed the preview');
});

test('the Python quick fix moves the call into autocommit_block() with postgresql_concurrently=True, saves, and the warning goes away', async () => {
  const editor = await open(REVISION);
  const uri = editor.document.uri;
  const [diagnostic] = ofRule(await waitForDiagnostics(uri, `the ${RULE} warning`, (d) => ofRule(d).length === 1));
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  const fix = actions.find((action) => action.title === PYTHON_FIX_TITLE);
  assert.ok(fix?.edit, `no '${PYTHON_FIX_TITLE}' action among: ${actions.map((action) => action.title).join(' | ')}`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the editor refused the fix');
  assert.ok(await editor.document.save(), 'save failed');
  const saved = readFileSync(uri.fsPath, 'utf8');
  assert.ok(
    saved.includes('def upgrade():\n    with op.get_context().autocommit_block():\n        op.create_index("ix_orders_customer_id", "orders", ["customer_id"], postgresql_concurrently=True)\n\n\ndef downgrade():'),
    `the saved file holds:\n${saved}`,
  );
  await waitForDiagnostics(uri, `no ${RULE} finding after the fix`, (d) => ofRule(d).length === 0);
  assert.equal(describe(ours(uri).filter((d) => codeOf(d) === 'require-alembic-autocommit-block')), 'none');
});

test('the sg-index-concurrently snippet inserts a concurrent index that raises no finding', async () => {
  const snippetName = contributedSnippetName('sql', 'sg-index-concurrently');
  const editor = await open('migrations/003_from_snippet.sql');
  await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'sql', name: snippetName });
  await vscode.commands.executeCommand('leaveSnippet');
  const text = editor.document.getText();
  assert.match(text, /CREATE INDEX CONCURRENTLY/, `the snippet inserted:\n${text}`);
  assert.match(text, /DROP INDEX CONCURRENTLY IF EXISTS/, `the snippet inserted:\n${text}`);
  const diagnostics = await diagnosticsOnceAnalysed(editor);
  assert.equal(describe(diagnostics), 'none', `findings on the snippet's text:\n${text}`);
});

test('an untitled SQL editor is linted; read-only views such as the git side of a diff are not', async () => {
  const scheme = 'schemaguard-e2e-readonly';
  const provider = vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: () => 'CREATE INDEX i ON t (c);\n' });
  try {
    // opened first: had the client sent it to the server, its findings would be published before the untitled editor's
    const readOnly = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(vscode.Uri.parse(`${scheme}:/HEAD/001.sql`)), 'sql');
    const untitled = await vscode.workspace.openTextDocument({ language: 'sql', content: 'CREATE INDEX i ON t (c);\n' });
    await vscode.window.showTextDocument(untitled);
    await waitForDiagnostics(untitled.uri, `the ${RULE} warning in the untitled editor`, (d) => ofRule(d).length === 1);
    assert.equal(describe(ours(readOnly.uri)), 'none', `the read-only ${scheme}: document got findings of its own`);
  } finally {
    provider.dispose();
  }
});

/** Asks `ask` until `accept` holds for its answer (the server reads the workspace's migrations in the background); rejects after WAIT_MS. */
async function poll<T>(what: string, ask: () => Thenable<T>, accept: (answer: T) => boolean): Promise<T> {
  const started = Date.now();
  let answer = await ask();
  while (!accept(answer)) {
    if (Date.now() - started > WAIT_MS) throw new Error(`waited ${WAIT_MS} ms for ${what}; last answer: ${JSON.stringify(answer)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    answer = await ask();
  }
  return answer;
}

function positionOf(document: vscode.TextDocument, needle: string, inside = 1): vscode.Position {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} is not in ${vscode.workspace.asRelativePath(document.uri)}`);
  return document.positionAt(offset + inside);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((hover) => hover.contents.map((part) => (typeof part === 'string' ? part : part.value))).join('\n');
}

const REPORT = 'navigation/0004_report.up.sql';
const ADDED_BY = 'navigation/0003_add_size.up.sql';

test('hover on a column shows its definition after the history and links to the migration that added it', async () => {
  const editor = await open(REPORT);
  const position = positionOf(editor.document, 'größe');
  const hovers = await poll(
    'the hover of orders.größe',
    () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position),
    (answer) => hoverText(answer).includes('`orders.größe` text'),
  );
  const text = hoverText(hovers);
  // the migration's second line: the first is a comment
  assert.match(text, /\]\(file:\/\/[^)]*\/navigation\/0003_add_size\.up\.sql#L2\)/, `no link to ${ADDED_BY}#L2 in:\n${text}`);
  const hover = hovers.find((candidate) => hoverText([candidate]).includes('orders.größe'))!;
  assert.equal(editor.document.getText(hover.range), 'größe');
});

test('go to definition opens the migration that created the column, at its name', async () => {
  const editor = await open(REPORT);
  const position = positionOf(editor.document, 'größe');
  const target = workspaceFile(ADDED_BY);
  const found = await poll(
    'the definition of orders.größe',
    () => vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', editor.document.uri, position),
    (answer) => answer.length > 0,
  );
  const uriOf = (entry: vscode.Location | vscode.LocationLink) => ('targetUri' in entry ? entry.targetUri : entry.uri);
  assert.deepEqual(found.map((entry) => uriOf(entry).fsPath), [target.fsPath]);
  // and the editor really goes there: F12
  editor.selection = new vscode.Selection(position, position);
  await vscode.commands.executeCommand('editor.action.revealDefinition');
  // VS Code puts the cursor at the start of the definition's range
  const expected = (document: vscode.TextDocument) => positionOf(document, 'größe', 0);
  const active = await poll(
    'the editor to show the definition with the cursor on the name',
    async () => vscode.window.activeTextEditor,
    (current) => current?.document.uri.fsPath === target.fsPath && current.selection.active.isEqual(expected(current.document)),
  );
  assert.equal(active!.selection.active.line, 1);
});

/** Reverts unsaved changes (sentinels, snippets) so closing the editors asks nothing. */
async function closeEverything(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The name of the snippet with `prefix` in the extension's contributed snippet file for `language`. */
function contributedSnippetName(language: string, prefix: string): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  const entries = (extension.packageJSON.contributes?.snippets ?? []) as Array<{ language: string; path: string }>;
  const entry = entries.find((candidate) => candidate.language === language);
  assert.ok(entry, `the extension contributes no ${language} snippets`);
  const snippets = parseJsonc(readFileSync(join(extension.extensionPath, entry.path), 'utf8')) as Record<string, { prefix: string | string[] }>;
  const name = Object.keys(snippets).find((key) => ([] as string[]).concat(snippets[key].prefix).includes(prefix));
  assert.ok(name, `no ${language} snippet has the prefix ${prefix}`);
  return name;
}

export async function run(): Promise<void> {
  const results: TestResult[] = [];
  for (const { name, body } of tests) {
    const started = Date.now();
    try {
      await body();
      results.push({ name, ok: true, ms: Date.now() - started });
    } catch (error) {
      results.push({ name, ok: false, ms: Date.now() - started, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
    const last = results[results.length - 1];
    console.log(`${last.ok ? 'ok  ' : 'FAIL'} ${name} (${last.ms} ms)${last.error ? `\n${last.error}` : ''}`);
    await closeEverything();
  }
  const reportPath = process.env.SCHEMAGUARD_E2E_REPORT;
  if (reportPath) writeFileSync(reportPath, JSON.stringify({ editor: `${vscode.env.appName} ${vscode.version}`, results }, null, 2));
  const failed = results.filter((result) => !result.ok);
  if (failed.length > 0) throw new Error(`${failed.length} of ${results.length} in-editor tests failed: ${failed.map((f) => f.name).join('; ')}`);
}
