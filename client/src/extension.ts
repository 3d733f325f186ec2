/**
 * The thin client: starts the language server, hands it SQL documents and the Schemaguard
 * settings, shows its log, restarts it on request, and shows the SQL preview of Alembic
 * revisions. No analysis happens here.
 */
import * as vscode from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import { registerAlembicPreview } from './alembic-preview';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Schemaguard', { log: true });
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Files and untitled editors only: without a scheme, read-only views such as the git side of a
    // diff would be linted too and show a second copy of every finding.
    documentSelector: [
      { scheme: 'file', language: 'sql' },
      { scheme: 'untitled', language: 'sql' },
      { scheme: 'file', pattern: '**/*.sql' },
      { scheme: 'file', pattern: '**/versions/*.py' },
      { scheme: 'file', pattern: '**/.schemaguard.json' },
    ],
    synchronize: {
      configurationSection: 'schemaguard',
      // migrations that are not open still make up the history the open ones are checked against
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/.schemaguard.json'),
        vscode.workspace.createFileSystemWatcher('**/*.sql'),
        vscode.workspace.createFileSystemWatcher('**/versions/*.py'),
      ],
    },
    outputChannel: output,
    initializationOptions: { settings: vscode.workspace.getConfiguration('schemaguard') },
  };
  client = new LanguageClient('schemaguard', 'Schemaguard', serverOptions, clientOptions);

  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('schemaguard.restartServer', async () => {
      output.appendLine('Restarting the Schemaguard server.');
      await client?.restart();
    }),
    vscode.commands.registerCommand('schemaguard.showOutput', () => output.show(true)),
  );
  registerAlembicPreview(context, () => client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
