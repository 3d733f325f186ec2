/**
 * A language-server session for the bench: spawns any server over stdio and times how long
 * the diagnostics for a document version take, whether the server pushes them
 * (textDocument/publishDiagnostics) or answers pull requests (textDocument/diagnostic).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import {
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
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
import { rssOfProcesses } from './process';

export interface ServerSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** 'pull': the server answers textDocument/diagnostic and publishes nothing. */
  diagnostics: 'push' | 'pull';
  /** Other processes that serve this session (a daemon the server starts), found after start. */
  helpers?: () => number[];
  rootUri?: string;
}

export interface TextChange {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

export class ServerSession {
  private readonly waiters: Array<{ uri: string; version: number; resolve: (count: number) => void }> = [];
  private readonly published = new Map<string, { version?: number; count: number; seq: number }>();
  private publishSeq = 0;
  private exited = false;
  private helperPids: number[] = [];
  stderr = '';

  private constructor(
    readonly spec: ServerSpec,
    private readonly child: ChildProcess,
    private readonly connection: ProtocolConnection,
  ) {}

  static async start(spec: ServerSpec): Promise<ServerSession> {
    const child = spawn(spec.command, spec.args, { stdio: ['pipe', 'pipe', 'pipe'], env: spec.env ?? process.env });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new ServerSession(spec, child, connection);
    child.stderr!.on('data', (chunk) => {
      if (session.stderr.length < 20_000) session.stderr += String(chunk);
    });
    child.once('exit', () => (session.exited = true));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => session.onPublish(params));
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('window/logMessage', () => undefined);
    connection.onNotification('$/progress', () => undefined);
    connection.onError(() => undefined);
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: spec.rootUri ?? null,
      workspaceFolders: spec.rootUri ? [{ uri: spec.rootUri, name: 'root' }] : null,
      capabilities: {
        workspace: { configuration: true },
        textDocument: {
          synchronization: { didSave: false, dynamicRegistration: false },
          publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
        },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    session.helperPids = spec.helpers?.() ?? [];
    return session;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resident memory of the server and the processes that serve it, in MB. */
  rssMb(): number {
    if (this.spec.helpers && this.helperPids.length === 0) this.helperPids = this.spec.helpers();
    return rssOfProcesses([this.pid, ...this.helperPids]);
  }

  private onPublish(params: PublishDiagnosticsParams): void {
    const entry = { version: params.version, count: params.diagnostics.length, seq: ++this.publishSeq };
    this.published.set(params.uri, entry);
    for (const waiter of [...this.waiters]) {
      // a server that does not say the version answers for the newest text it has
      if (waiter.uri === params.uri && (params.version === undefined || params.version === null || params.version >= waiter.version)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(params.diagnostics.length);
      }
    }
  }

  /**
   * Sends a notification (didOpen, didChange) and resolves with the number of diagnostics once
   * the server has analysed `version` of `uri`: the push that says that version (or, from a server
   * that gives none, the next push), or the answer to a pull request sent after the notification.
   */
  private async notifyAndWait(uri: string, version: number, notify: () => Promise<void>, timeoutMs: number): Promise<number> {
    if (this.spec.diagnostics === 'pull') {
      await notify();
      const report = this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
      return withTimeout(
        report.then((answer) => ('items' in answer ? answer.items.length : 0)),
        timeoutMs,
        `${this.spec.name}: no diagnostic report for ${uri} v${version}`,
      );
    }
    const pushed = new Promise<number>((resolve) => this.waiters.push({ uri, version, resolve }));
    await notify();
    return withTimeout(pushed, timeoutMs, `${this.spec.name}: no diagnostics for ${uri} v${version}; stderr: ${this.stderr.slice(-500)}`);
  }

  /** didOpen, then the time until its diagnostics (ms) and how many there were. */
  async open(uri: string, text: string, timeoutMs = 120_000): Promise<{ ms: number; count: number }> {
    const started = performance.now();
    const count = await this.notifyAndWait(
      uri,
      1,
      () => this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'sql', version: 1, text } }),
      timeoutMs,
    );
    return { ms: performance.now() - started, count };
  }

  /** didChange, then the time until the diagnostics for that version (ms). */
  async change(uri: string, version: number, changes: TextChange[], timeoutMs = 120_000): Promise<number> {
    const started = performance.now();
    await this.notifyAndWait(
      uri,
      version,
      () => this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes }),
      timeoutMs,
    );
    return performance.now() - started;
  }

  closeDocument(uri: string): void {
    void this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** shutdown + exit, then SIGKILL whatever is left of the server and its helpers, by PID. */
  async stop(): Promise<void> {
    try {
      await withTimeout(this.connection.sendRequest(ShutdownRequest.type), 3_000, 'shutdown');
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // killed below
    }
    await new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      const timer = setTimeout(resolve, 2_000);
      this.child.once('exit', () => (clearTimeout(timer), resolve()));
    });
    for (const pid of [this.pid, ...this.helperPids]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.connection.dispose();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
    }),
  ]);
}
