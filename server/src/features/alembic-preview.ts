/**
 * "Preview SQL" for Alembic revisions: a code lens on `def upgrade()` and the request behind it,
 * `schemaguard/previewAlembicSql`, which runs real Alembic offline (alembic-offline.ts) and answers
 * with the SQL it renders for this revision, linted against the schema before the revision. The
 * client shows it in a read-only SQL view with the findings on it; the lens's command is the
 * client's (VS Code: `schemaguard.previewAlembicSql`).
 */
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeLens, Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import { renderRevisionOffline } from '../alembic-offline';
import type { Settings } from '../core/config';
import type { Finding } from '../core/lint';
import { lintText } from '../core/lint';
import { readRevision } from '../core/source/python/revision';
import { LineIndex } from '../core/source/text';
import { isHistoryPath } from '../history-files';
import type { SchemaService } from '../schema-service';

export const PREVIEW_REQUEST = 'schemaguard/previewAlembicSql';
/** The client command the code lens runs, with the revision's URI as its argument. */
export const PREVIEW_COMMAND = 'schemaguard.previewAlembicSql';

export interface PreviewParams {
  uri: string;
}

export type PreviewResult =
  | {
      ok: true;
      /** The revision id and the range rendered (`0001:0002`, `base:0001`). */
      revision: string;
      range: string;
      /** The text of the read-only view: a header of SQL comments, then Alembic's output. */
      text: string;
      diagnostics: Diagnostic[];
    }
  | { ok: false; message: string };

export interface PreviewHost {
  /** The settings of a document (editor settings and .schemaguard.json). */
  settingsFor(uri: string): Promise<Settings>;
  /** The workspace folder path a file belongs to, if any. */
  rootOf(uri: string): string | undefined;
  toDiagnostic(finding: Finding): Diagnostic;
}

export const previewCapabilities = { codeLensProvider: { resolveProvider: false } };

function pathOf(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

export function registerAlembicPreview(connection: Connection, documents: TextDocuments<TextDocument>, schemas: SchemaService, host: PreviewHost): void {
  connection.onCodeLens((params): CodeLens[] => {
    const document = documents.get(params.textDocument.uri);
    const path = pathOf(params.textDocument.uri);
    if (!document || !path || !/\.py$/i.test(path) || !isHistoryPath(path)) return [];
    const revision = readRevision(document.getText());
    if (!revision.revision || !revision.upgrade) return [];
    const lines = new LineIndex(document.getText());
    const { nameSpan } = revision.upgrade;
    return [{ range: lines.range(nameSpan.start, nameSpan.end), command: { title: 'Preview SQL (alembic upgrade --sql)', command: PREVIEW_COMMAND, arguments: [params.textDocument.uri] } }];
  });

  connection.onRequest(PREVIEW_REQUEST, async (params: PreviewParams): Promise<PreviewResult> => {
    const path = pathOf(params.uri);
    if (!path || !existsSync(path)) return { ok: false, message: 'The SQL preview runs Alembic on a revision file on disk; save this revision first.' };
    const onDisk = readFileSync(path, 'utf8');
    const settings = await host.settingsFor(params.uri);
    const rendered = await renderRevisionOffline({ text: onDisk, path, root: host.rootOf(params.uri), python: settings.python || undefined });
    if (!rendered.ok) return rendered;
    const { preview } = rendered;
    const unsaved = documents.get(params.uri)?.getText();
    const header = [
      `-- ${preview.revision}: alembic upgrade ${preview.range} --sql (Alembic offline mode, read-only)`,
      `-- ran: ${preview.command}`,
      `-- from: ${preview.ini}`,
      ...(unsaved !== undefined && unsaved !== onDisk ? ['-- the revision has unsaved changes: this is the file on disk'] : []),
      '',
      '',
    ].join('\n');
    const text = header + preview.sql;
    // Alembic's script has its own BEGIN / COMMIT; the schema is the one before the revision
    const input = schemas.inputFor(path);
    const result = lintText(text, { settings: { ...settings, transaction: 'explicit' }, path: `${path}.sql`, language: 'sql', schema: { ...input, replayed: undefined } });
    const findings = result.findings.filter((finding) => !onVersionTable(text, finding, result.script?.statements ?? []));
    // no fixes: the view is read-only, its findings are fixed in the revision
    const diagnostics = findings.map((finding) => host.toDiagnostic(finding));
    return { ok: true, revision: preview.revision, range: preview.range, text, diagnostics };
  });
}

/** Findings on Alembic's own bookkeeping (CREATE TABLE / UPDATE alembic_version) are not about the migration. */
function onVersionTable(text: string, finding: Finding, statements: ReadonlyArray<{ start: number; end: number }>): boolean {
  const statement = statements.find((candidate) => candidate.start <= finding.start && finding.start < candidate.end);
  return !!statement && /\balembic_version\b/i.test(text.slice(statement.start, statement.end));
}
