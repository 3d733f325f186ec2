/**
 * The read-only SQL view of "Preview SQL" on an Alembic revision: asks the server
 * (schemaguard/previewAlembicSql), shows the SQL Alembic renders in a virtual document of its own
 * scheme, and puts the server's findings on it. Nothing is analysed here.
 */
import * as vscode from 'vscode';
import type { Diagnostic } from 'vscode-languageclient';
import type { LanguageClient } from 'vscode-languageclient/node';

export const PREVIEW_SCHEME = 'schemaguard-alembic-sql';
const PREVIEW_COMMAND = 'schemaguard.previewAlembicSql';
const PREVIEW_REQUEST = 'schemaguard/previewAlembicSql';

type PreviewResult = { ok: true; revision: string; range: string; text: string; diagnostics: Diagnostic[] } | { ok: false; message: string };

export function registerAlembicPreview(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  const texts = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const findings = vscode.languages.createDiagnosticCollection('schemaguard-alembic-sql');
  const provider: vscode.TextDocumentContentProvider = { onDidChange: changed.event, provideTextDocumentContent: (uri) => texts.get(uri.toString()) ?? '' };

  const preview = async (target?: vscode.Uri | string): Promise<vscode.TextEditor | undefined> => {
    const source = typeof target === 'string' ? vscode.Uri.parse(target) : (target ?? vscode.window.activeTextEditor?.document.uri);
    const running = client();
    if (!source || source.scheme !== 'file' || !running) {
      void vscode.window.showWarningMessage('Schemaguard: open an Alembic revision (versions/*.py) to preview its SQL.');
      return undefined;
    }
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Schemaguard: alembic upgrade --sql' }, () =>
      running.sendRequest<PreviewResult>(PREVIEW_REQUEST, { uri: source.toString() }),
    );
    if (!result.ok) {
      void vscode.window.showWarningMessage(`Schemaguard: ${result.message}`);
      return undefined;
    }
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${result.revision} ${result.range.replace(':', '..')}.sql`, query: source.toString() });
    texts.set(uri.toString(), result.text);
    changed.fire(uri);
    findings.set(uri, await running.protocol2CodeConverter.asDiagnostics(result.diagnostics));
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== 'sql') await vscode.languages.setTextDocumentLanguage(document, 'sql');
    return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  };

  context.subscriptions.push(
    changed,
    findings,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, provider),
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (document.uri.scheme !== PREVIEW_SCHEME) return;
      texts.delete(document.uri.toString());
      findings.delete(document.uri);
    }),
    vscode.commands.registerCommand(PREVIEW_COMMAND, preview),
  );
}
