/**
 * LSP wiring only: documents, settings, scheduling, diagnostics and code actions.
 * All analysis happens in ./core.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, InitializeParams, WorkspaceFolder } from 'vscode-languageserver/node';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DiagnosticTag,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
} from 'vscode-languageserver/node';
import type { Settings, Severity } from './core/config';
import { resolveSettings } from './core/config';
import { CONFIG_FILE_NAME, sanitizeSettings } from './core/config-file';
import { docsUrl } from './core/docs-url';
import { fixAllEdits } from './core/fix-all';
import type { Finding, Fix } from './core/lint';
import { lintText } from './core/lint';
import type { EarlierScript } from './core/source/document';
import { previewCapabilities, registerAlembicPreview } from './features/alembic-preview';
import { navigationCapabilities, registerNavigation } from './features/index';
import { UNUSED_IGNORE } from './core/builtins';
import { forgetStatementTexts, initParser } from './core/source/parser';
import { LineIndex } from './core/source/text';
import { isHistoryPath } from './history-files';
import { SchemaService } from './schema-service';
import type { LoadedConfig } from './workspace';
import { findConfigFile, isIncluded, loadConfigFile } from './workspace';
import { IdleCollector, minorCollection, youngGeneration } from './idle-gc';

// Baseline-compiled WebAssembly only: measured on the 534 KB lago structure.sql, the first analysis
// takes about half as long and RSS is ~30 MB lower, with the same per-edit latency.
setFlagsFromString('--liftoff-only');
// The old generation grows to at most twice what the last full GC left (V8 picks up to 4x): editing
// lago's structure.sql promotes ~5 MB of garbage a keystroke, and at 4x the heap swings between
// ~37 and ~160 MB and creeps up with any growth of the live heap. Three times as many full GCs.
// Kept in step with V8_FLAGS of dist/server.js (esbuild.mjs): the code cache is checked against the flags.
setFlagsFromString('--heap-growing-percent=100');

/** A minor GC in the pauses between keystrokes (idle-gc.ts); --expose-gc is in the launcher's V8_FLAGS too. */
const makeMinorCollection = minorCollection();
const idleCollector = makeMinorCollection ? new IdleCollector(makeMinorCollection, youngGeneration) : undefined;

/**
 * From this size on, the first analysis of a document keeps its statements for the next version
 * (LintOptions.keepStatements). Measured on lago's 534 KB structure.sql: the first keystroke after
 * opening it made every statement again, and took about twice as long as the keystrokes after it.
 */
const KEEP_STATEMENTS_FROM_CHARS = 64 * 1024;

/** Documents whose last analysis took longer than this are re-analysed after a pause, not per keystroke. */
const COALESCE_ABOVE_MS = 40;
const MAX_COALESCE_DELAY_MS = 400;

/**
 * What a published diagnostic carries back to codeAction: which finding of which published version
 * it is. The fixes stay here (lastFindings): on a large file they are most of the payload (lago's
 * 582 findings: ~720 KB of JSON with their fixes and ignore edits, 447 KB without), and every
 * publish would encode them, and the client parse them, on every keystroke.
 */
interface DiagnosticData {
  ruleId: string;
  version: number;
  index: number;
}

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let workspaceFolders: WorkspaceFolder[] = [];
let canPullConfiguration = false;
/** Whether the client applies workspace edits that create files (fixes that add a migration of their own). */
let canCreateFiles = false;
/** Settings from initializationOptions or pushed didChangeConfiguration, for clients that cannot be asked. */
let pushedSettings: unknown = undefined;
const editorSettings = new Map<string, Promise<Partial<Settings>>>();
const configFiles = new Map<string, LoadedConfig | undefined>();
const lintCost = new Map<string, number>();
const scheduled = new Map<string, { cancel: () => void }>();
/** When each document last asked for an analysis (performance.now()). */
const lastAsked = new Map<string, number>();
/** The findings last published per document, for "fix all". */
const lastFindings = new Map<string, { version: number; findings: Finding[] }>();
/**
 * What each document's last parse leaves for the next: its text and split (the next version is split
 * incrementally) and the statement texts it parsed (those the next version drops are forgotten by the
 * parser's caches). Not its statements, tokens and trees.
 */
const lastParses = new Map<string, EarlierScript & { parsedTexts?: ReadonlySet<string> }>();
/** The migration histories of the workspace folders, read in the background after start-up. */
const schemas = new SchemaService(
  (message) => connection.console.info(message),
  () => relintAll(), // git told something new (a repository found, HEAD moved, committed texts read)
);
/** Open documents of a history another file of which changed: re-linted after a pause, not per keystroke. */
const HISTORY_RELINT_DELAY_MS = 300;
let historyRelint: { timer: NodeJS.Timeout; paths: Set<string> } | undefined;

connection.onInitialize(async (params: InitializeParams) => {
  workspaceFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
  canPullConfiguration = params.capabilities.workspace?.configuration === true;
  const workspaceEdit = params.capabilities.workspace?.workspaceEdit;
  canCreateFiles = workspaceEdit?.documentChanges === true && (workspaceEdit.resourceOperations ?? []).includes('create');
  pushedSettings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
  const started = performance.now();
  await initParser();
  connection.console.info(`Schemaguard: PostgreSQL parser loaded in ${(performance.now() - started).toFixed(0)} ms`);
  warmUp();
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll + '.schemaguard'] },
      workspace: { workspaceFolders: { supported: true } },
      ...navigationCapabilities,
      ...previewCapabilities,
    },
    serverInfo: { name: 'schemaguard', version: process.env.SCHEMAGUARD_VERSION ?? '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (canPullConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'schemaguard' }).catch(() => undefined);
  }
  void scanWorkspaceFolders();
});

/** Reads the migrations of every workspace folder (after the first diagnostics, never in their way), then re-lints what is open. */
async function scanWorkspaceFolders(): Promise<void> {
  await Promise.all(
    workspaceFolders.map(async (folder) => {
      const root = filePathOf(folder.uri);
      if (!root) return;
      const config = configFor(pathToFileURL(`${root}/x.sql`).href, folder);
      const settings = resolveSettings(await editorSettingsFor(folder.uri), config?.settings);
      await schemas.addFolder(config?.root ?? root, settings);
    }),
  );
  relintAll();
}

/** The URI of the open document of a file, if it is open. */
function openUriOf(path: string): string | undefined {
  return documents.all().find((document) => filePathOf(document.uri) === path)?.uri;
}

/** Another file of a document's history changed: its findings may change too (a table it uses, an index that covers it). */
function relintHistoryOf(path: string): void {
  const others = schemas.sameHistory(path).map(openUriOf).filter((uri): uri is string => uri !== undefined);
  if (others.length === 0) return;
  if (!historyRelint) {
    historyRelint = {
      paths: new Set(),
      timer: setTimeout(() => {
        const pending = historyRelint!;
        historyRelint = undefined;
        for (const other of pending.paths) schedule(other);
      }, HISTORY_RELINT_DELAY_MS),
    };
  }
  for (const other of others) historyRelint.paths.add(other);
}

connection.onDidChangeConfiguration((change) => {
  const settings = (change.settings as { schemaguard?: unknown } | undefined)?.schemaguard;
  if (settings !== undefined) pushedSettings = settings;
  editorSettings.clear();
  relintAll();
});

connection.onDidChangeWatchedFiles(async (change) => {
  if (change.changes.some((event) => event.uri.endsWith(CONFIG_FILE_NAME))) {
    configFiles.clear();
    relintAll();
  }
  for (const event of change.changes) {
    const path = filePathOf(event.uri);
    if (!path || !isHistoryPath(path) || documents.get(event.uri)) continue;
    await schemas.fromDisk(path);
    relintHistoryOf(path);
  }
});

/** An open SQL document's (or Alembic revision's) text is what its history sees. */
function trackDocument(document: TextDocument): void {
  const path = filePathOf(document.uri);
  if (!path || !isHistoryDocument(document)) return;
  if (schemas.setOpen(path, document.getText())) relintHistoryOf(path);
}

documents.onDidOpen((event) => {
  trackDocument(event.document);
  schedule(event.document.uri);
});
documents.onDidChangeContent((event) => {
  trackDocument(event.document);
  schedule(event.document.uri);
});
documents.onDidClose((event) => {
  const closedPath = filePathOf(event.document.uri);
  if (closedPath && isHistoryDocument(event.document)) void schemas.close(closedPath).then(() => relintHistoryOf(closedPath));
  scheduled.get(event.document.uri)?.cancel();
  scheduled.delete(event.document.uri);
  lintCost.delete(event.document.uri);
  lastAsked.delete(event.document.uri);
  lastFindings.delete(event.document.uri);
  lastParses.delete(event.document.uri);
  editorSettings.delete(event.document.uri);
  if (isConfigDocument(event.document.uri)) {
    configFiles.clear();
    relintAll();
  }
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.onCodeAction((params) => {
  const actions: CodeAction[] = [];
  const uri = params.textDocument.uri;
  const fixAllRequested = params.context.only?.some((kind) => kind.startsWith(CodeActionKind.SourceFixAll)) ?? false;
  const ours = params.context.diagnostics.filter((diagnostic) => diagnostic.source === 'schemaguard' && isDiagnosticData(diagnostic.data));
  if (fixAllRequested) {
    const action = fixAllAction(uri);
    return action ? [action] : [];
  }
  const published = lastFindings.get(uri);
  for (const diagnostic of ours) {
    const data = diagnostic.data as DiagnosticData;
    // a diagnostic of an older version than the last published: its offsets are stale, its fixes would be too
    const finding = published?.version === data.version ? published.findings[data.index] : undefined;
    if (finding?.ruleId !== data.ruleId) continue;
    finding.fixes.filter((fix) => !fix.files || canCreateFiles).forEach((fix, index) => actions.push(toAction(uri, fix, diagnostic, index === 0)));
    for (const fix of finding.ignoreFixes) actions.push(toAction(uri, fix, diagnostic, false));
  }
  return actions;
});

function toAction(uri: string, fix: Fix, diagnostic: Diagnostic, isPreferred: boolean): CodeAction {
  const edits = fix.edits.map((edit) => ({ range: edit.range, newText: edit.newText }));
  if (!fix.files?.length) return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred, edit: { changes: { [uri]: edits } } };
  // a new migration file: created (never over an existing one), then filled
  const start = { line: 0, character: 0 };
  const documentChanges: NonNullable<NonNullable<CodeAction['edit']>['documentChanges']> = [];
  for (const file of fix.files) {
    const fileUri = pathToFileURL(file.path).href;
    documentChanges.push({ kind: 'create', uri: fileUri, options: { overwrite: false, ignoreIfExists: false } });
    documentChanges.push({ textDocument: { uri: fileUri, version: null }, edits: [{ range: { start, end: start }, newText: file.text }] });
  }
  if (edits.length > 0) documentChanges.push({ textDocument: { uri, version: null }, edits });
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred, edit: { documentChanges } };
}

/** Applies the first fix of every finding whose edits do not overlap an earlier one. */
function fixAllAction(uri: string): CodeAction | undefined {
  const document = documents.get(uri);
  const findings = lastFindings.get(uri);
  if (!document || !findings || findings.version !== document.version) return undefined;
  const edits = fixAllEdits(findings.findings);
  if (edits.length === 0) return undefined;
  return {
    title: 'Fix all Schemaguard findings that have a safe rewrite',
    kind: CodeActionKind.SourceFixAll + '.schemaguard',
    edit: { changes: { [uri]: edits.map((edit) => ({ range: edit.range, newText: edit.newText })) } },
  };
}

function isDiagnosticData(value: unknown): value is DiagnosticData {
  return !!value && typeof value === 'object' && typeof (value as DiagnosticData).index === 'number' && typeof (value as DiagnosticData).version === 'number';
}

/**
 * A first analysis runs every rule's code for the first time, before V8 has compiled it (about
 * 40 ms on a 60-line migration, against 2 ms later): done here once, on a small migration, while the
 * client waits for the handshake anyway, so that the first file the user opens is analysed at
 * the later speed. Its findings are thrown away.
 */
function warmUp(): void {
  try {
    lintText(WARM_UP_SQL, { settings: resolveSettings(), path: 'warm-up.sql' });
  } catch {
    // only a warm-up
  }
}

const WARM_UP_SQL = `CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE, status varchar(20), tags text[], total float, created_at timestamp);
CREATE INDEX orders_status_idx ON orders (status);
CREATE UNIQUE INDEX CONCURRENTLY orders_account_idx ON orders (account_id, created_at) WHERE status <> 'done';
ALTER TABLE orders ADD COLUMN note text NOT NULL;
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total > 0);
ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
ALTER TABLE orders RENAME COLUMN note TO notes;
CREATE TYPE order_kind AS ENUM ('a', 'b');
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created_at = now(); RETURN NEW; END $$;
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
DO $$ BEGIN UPDATE orders SET status = 'new' WHERE status IS NULL; END $$;
COMMENT ON TABLE orders IS 'orders';
DROP INDEX orders_status_idx;
`;

function relintAll(): void {
  for (const document of documents.all()) schedule(document.uri);
}

/**
 * Analysis is cheap for migration-sized files, so it runs as soon as the event loop is free;
 * several changes that arrive together are analysed once, on the newest version. A file that
 * took longer than COALESCE_ABOVE_MS last time waits a little when its changes come faster than
 * it is analysed (typing), so that typing is not blocked; a change after a pause at least as long
 * as the last analysis is analysed at once.
 */
function schedule(uri: string): void {
  idleCollector?.cancel();
  const now = performance.now();
  const since = now - (lastAsked.get(uri) ?? -Infinity);
  lastAsked.set(uri, now);
  if (scheduled.has(uri)) return;
  const cost = lintCost.get(uri) ?? 0;
  const run = () => {
    scheduled.delete(uri);
    void analyse(uri);
  };
  if (cost > COALESCE_ABOVE_MS && since < cost) {
    const timer = setTimeout(run, Math.min(cost, MAX_COALESCE_DELAY_MS));
    scheduled.set(uri, { cancel: () => clearTimeout(timer) });
  } else {
    const immediate = setImmediate(run);
    scheduled.set(uri, { cancel: () => clearImmediate(immediate) });
  }
}

async function analyse(uri: string): Promise<void> {
  const document = documents.get(uri);
  if (!document) return;
  const version = document.version;
  try {
    if (isConfigDocument(uri)) {
      publishConfigProblems(uri, document.getText(), version);
      configFiles.clear();
      for (const other of documents.all()) if (other.uri !== uri) schedule(other.uri);
      return;
    }
    if (!isSqlDocument(document) && !isPythonDocument(document)) return;
    const settingsAndConfig = await settingsFor(document);
    const current = documents.get(uri);
    if (!current || current.version !== version) return; // a newer version is already scheduled
    const { settings, included } = settingsAndConfig;
    if (!included) {
      lastFindings.delete(uri);
      await connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return;
    }
    const started = performance.now();
    const path = filePathOf(uri);
    const python = isPythonDocument(document);
    const earlier = lastParses.get(uri);
    const text = document.getText();
    // a large document just opened keeps its statements for its first edit (a small one is analysed again in a few ms anyway)
    const keepStatements = earlier === undefined && text.length >= KEEP_STATEMENTS_FROM_CHARS;
    const result = lintText(text, { settings, path: path ?? uri, schema: path ? schemas.inputFor(path) : undefined, language: python ? 'python' : 'sql', earlier, keepStatements });
    const script = result.script;
    if (script) lastParses.set(uri, { text: script.text, split: script.split, parsedTexts: script.parsedTexts });
    else lastParses.delete(uri);
    forgetReplacedTexts(earlier?.parsedTexts, script?.parsedTexts);
    lintCost.set(uri, performance.now() - started);
    for (const error of result.internalErrors) connection.console.error(`${uri}: ${error}`);
    lastFindings.set(uri, { version, findings: result.findings });
    await connection.sendDiagnostics({ uri, version, diagnostics: result.findings.map((finding, index) => toDiagnostic(finding, { ruleId: finding.ruleId, version, index })) });
    if (scheduled.size === 0) idleCollector?.afterAnalysis();
  } catch (error) {
    connection.console.error(`Schemaguard failed on ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

/** What the previous version of the document had and this one has not: the states of statements while they were typed. */
function forgetReplacedTexts(previous: ReadonlySet<string> | undefined, texts: ReadonlySet<string> | undefined): void {
  if (!previous || !texts) return;
  const replaced: string[] = [];
  for (const text of previous) if (!texts.has(text)) replaced.push(text);
  forgetStatementTexts(replaced);
}

function isSqlDocument(document: TextDocument): boolean {
  return document.languageId === 'sql' || /\.sql$/i.test(document.uri);
}

/** SQL documents and Alembic revisions (versions/*.py) belong to migration histories. */
function isHistoryDocument(document: TextDocument): boolean {
  return isSqlDocument(document) || isHistoryPath(document.uri);
}

/** Python documents are Alembic revisions (the engine finds nothing in other Python files). */
function isPythonDocument(document: TextDocument): boolean {
  return document.languageId === 'python' || /\.py$/i.test(document.uri);
}

function isConfigDocument(uri: string): boolean {
  return uri.endsWith('/' + CONFIG_FILE_NAME);
}

function filePathOf(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

function folderOf(uri: string): WorkspaceFolder | undefined {
  return workspaceFolders
    .filter((folder) => uri === folder.uri || uri.startsWith(folder.uri.endsWith('/') ? folder.uri : folder.uri + '/'))
    .sort((a, b) => b.uri.length - a.uri.length)[0];
}

/** Precedence: defaults < editor settings (schemaguard.*) < .schemaguard.json, as for the CLI. */
async function settingsFor(document: TextDocument): Promise<{ settings: Settings; included: boolean }> {
  const folder = folderOf(document.uri);
  const config = configFor(document.uri, folder);
  const editor = await editorSettingsFor(document.uri);
  const settings = resolveSettings(editor, config?.settings);
  const path = filePathOf(document.uri);
  const root = config?.root ?? (folder ? filePathOf(folder.uri) : undefined);
  const included = !path || !root || isIncluded(path, root, settings);
  return { settings, included };
}

function editorSettingsFor(uri: string): Promise<Partial<Settings>> {
  if (!canPullConfiguration) return Promise.resolve(sanitizeSettings(pushedSettings));
  let pending = editorSettings.get(uri);
  if (!pending) {
    pending = connection.workspace
      .getConfiguration({ scopeUri: uri, section: 'schemaguard' })
      .then(sanitizeSettings, () => sanitizeSettings(pushedSettings));
    editorSettings.set(uri, pending);
  }
  return pending;
}

/** The nearest .schemaguard.json above the document, within (or at) its workspace folder. */
function configFor(uri: string, folder: WorkspaceFolder | undefined): LoadedConfig | undefined {
  const path = filePathOf(uri);
  if (!path) return undefined;
  const startDir = path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));
  const key = startDir;
  if (configFiles.has(key)) return configFiles.get(key);
  const configPath = findConfigFile(startDir);
  const folderPath = folder ? filePathOf(folder.uri) : undefined;
  let loaded: LoadedConfig | undefined;
  if (configPath && (!folderPath || configPath.startsWith(folderPath))) {
    const open = documents.all().find((doc) => filePathOf(doc.uri) === configPath);
    loaded = loadConfigFile(configPath, open?.getText());
    // a config file that is not open in the editor still shows its problems (in the Problems panel)
    if (!open) publishConfigProblems(pathToFileURL(configPath).href, readText(configPath), undefined);
  }
  configFiles.set(key, loaded);
  return loaded;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function publishConfigProblems(uri: string, text: string, version: number | undefined): void {
  const { problems } = loadConfigFile(filePathOf(uri) ?? uri, text);
  const lines = new LineIndex(text);
  void connection.sendDiagnostics({
    uri,
    version,
    diagnostics: problems.map((problem) => ({
      range: lines.range(problem.start, problem.end),
      severity: DiagnosticSeverity.Error,
      source: 'schemaguard',
      code: 'config-error',
      message: problem.message,
    })),
  });
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function toDiagnostic(finding: Finding, data?: DiagnosticData): Diagnostic {
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: docsUrl(finding.ruleId) },
    source: 'schemaguard',
    message: finding.message,
    tags: finding.ruleId === UNUSED_IGNORE.id ? [DiagnosticTag.Unnecessary] : undefined,
    data,
  };
}

registerNavigation(connection, documents, schemas);
registerAlembicPreview(connection, documents, schemas, {
  settingsFor: async (uri) => resolveSettings(await editorSettingsFor(uri), configFor(uri, folderOf(uri))?.settings),
  rootOf: (uri) => {
    const folder = folderOf(uri);
    return folder ? filePathOf(folder.uri) : undefined;
  },
  toDiagnostic,
});
documents.listen(connection);
connection.listen();
