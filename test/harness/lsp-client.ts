/**
 * A real LSP client for tests: spawns `node dist/server.js --stdio` and speaks the protocol
 * through vscode-languageserver-protocol.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import {
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { ProtocolConnection } from 'vscode-languageserver-protocol/node';

export interface TestClient {
  connection: ProtocolConnection;
  initializeResult: InitializeResult;
  /** Every publishDiagnostics notification, in arrival order. */
  published: PublishDiagnosticsParams[];
  /** Resolves with the first window/logMessage text (sent already or later) that matches. */
  log(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the next diagnostics for `uri` that satisfy `accept` (published already or later). */
  diagnostics(uri: string, accept?: (params: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  open(uri: string, text: string, languageId?: string, version?: number): void;
  change(uri: string, version: number, changes: Array<{ range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }>): void;
  /** Settings the server gets when it asks for the `schemaguard` section. */
  settings: Record<string, unknown>;
  changeSettings(settings: Record<string, unknown>): void;
  stderr(): string;
  close(): Promise<void>;
}

export async function startServer(options: { rootPath?: string; pullConfiguration?: boolean; createFiles?: boolean } = {}): Promise<TestClient> {
  const child: ChildProcess = spawn(process.execPath, ['dist/server.js', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: Array<{ uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  const client: Partial<TestClient> = { published, settings: {} };
  const logs: string[] = [];
  const logWaiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];

  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && waiter.accept(params)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    }
  });
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => client.settings));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', (params: { message: string }) => {
    logs.push(params.message);
    for (const waiter of [...logWaiters]) {
      if (!waiter.pattern.test(params.message)) continue;
      logWaiters.splice(logWaiters.indexOf(waiter), 1);
      waiter.resolve(params.message);
    }
  });
  connection.listen();

  const rootUri = options.rootPath ? pathToFileURL(options.rootPath).href : null;
  const initializeResult = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri,
    workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
    capabilities: {
      workspace: {
        configuration: options.pullConfiguration ?? true,
        didChangeConfiguration: { dynamicRegistration: true },
        // a client that applies workspace edits creating files (fixes that add a migration of their own)
        ...(options.createFiles ? { workspaceEdit: { documentChanges: true, resourceOperations: ['create' as const] } } : {}),
      },
      textDocument: { publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true } },
    },
  });
  await connection.sendNotification(InitializedNotification.type, {});

  return Object.assign(client, {
    connection,
    initializeResult,
    diagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000) {
      const existing = [...published].reverse().find((p) => p.uri === uri && accept(p));
      if (existing) return Promise.resolve(existing);
      return new Promise<PublishDiagnosticsParams>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
        waiters.push({ uri, accept, resolve: (p) => (clearTimeout(timer), resolve(p)) });
      });
    },
    log(pattern: RegExp, timeoutMs = 10_000) {
      const existing = logs.find((line) => pattern.test(line));
      if (existing) return Promise.resolve(existing);
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no log line matching ${pattern} within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
        logWaiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      });
    },
    open(uri: string, text: string, languageId = 'sql', version = 1) {
      void connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
    },
    change(uri: string, version: number, changes: Parameters<TestClient['change']>[2]) {
      void connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes as never });
    },
    changeSettings(settings: Record<string, unknown>) {
      client.settings = settings;
      void connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { schemaguard: settings } });
    },
    stderr: () => stderr,
    async close() {
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) resolve();
        else child.once('exit', () => resolve());
        setTimeout(() => {
          child.kill();
          resolve();
        }, 3000).unref();
      });
      connection.dispose();
    },
  }) as TestClient;
}

export function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}
