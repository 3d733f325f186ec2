/**
 * Where the navigation handlers find a document's workspace: the schema service's workspace for a
 * file (whose text the open document keeps current), or a workspace of its own for an untitled
 * editor. Also the conversions between the core's file keys and offsets and LSP URIs and ranges.
 */
import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Connection, Location as LspLocation, TextDocuments } from 'vscode-languageserver/node';
import { resolveSettings } from '../core/config';
import { SchemaWorkspace } from '../core/model/schema/workspace';
import type { Location } from '../core/navigation/navigator';
import { Navigator } from '../core/navigation/navigator';
import type { SchemaService } from '../schema-service';

export type NavigationConnection = Pick<Connection, 'onHover' | 'onDefinition' | 'onReferences' | 'onDocumentSymbol' | 'onWorkspaceSymbol' | 'onCompletion' | 'console'>;

export interface DocumentNavigation {
  navigator: Navigator;
  /** The document's key in its workspace. */
  file: string;
  document: TextDocument;
}

/** Larger documents are not analysed (the linter skips them too). */
const MAX_TEXT = resolveSettings().maxFileSize;

export class NavigationHost {
  private readonly navigators = new WeakMap<SchemaWorkspace, Navigator>();
  /** Documents without a file (untitled editors): a workspace each. */
  private readonly detached = new Map<string, SchemaWorkspace>();

  constructor(
    private readonly connection: NavigationConnection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly schemas: SchemaService,
  ) {}

  /** The navigation of an open SQL document; undefined for anything else. */
  at(uri: string): DocumentNavigation | undefined {
    const document = this.documents.get(uri);
    if (!document || !(document.languageId === 'sql' || /\.sql$/i.test(uri)) || document.getText().length > MAX_TEXT) return undefined;
    const text = document.getText();
    const path = uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
    if (path) {
      const workspace = this.schemas.workspaceOf(path);
      if (workspace.migration(path)?.text === text) return { navigator: this.navigatorOf(workspace), file: path, document };
    }
    for (const other of this.detached.keys()) if (!this.documents.get(other)) this.detached.delete(other);
    let workspace = this.detached.get(uri);
    if (!workspace) {
      workspace = new SchemaWorkspace();
      this.detached.set(uri, workspace);
    }
    workspace.setFile(uri, text);
    return { navigator: this.navigatorOf(workspace), file: uri, document };
  }

  /** Navigators of every workspace folder (for workspace symbols). */
  all(): Navigator[] {
    return this.schemas.workspaces().map((workspace) => this.navigatorOf(workspace));
  }

  uriOf(file: string): string {
    return isAbsolute(file) ? pathToFileURL(file).href : file;
  }

  location(navigator: Navigator, location: Location): LspLocation | undefined {
    const range = navigator.range(location);
    return range ? { uri: this.uriOf(location.file), range } : undefined;
  }

  /** Runs a handler; a failure is logged and answered with `empty`, never thrown at the client. */
  guard<T>(what: string, empty: T, run: () => T): T {
    try {
      return run();
    } catch (error) {
      this.connection.console.error(`Schemaguard ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return empty;
    }
  }

  private navigatorOf(workspace: SchemaWorkspace): Navigator {
    let navigator = this.navigators.get(workspace);
    if (!navigator) {
      navigator = new Navigator(workspace);
      this.navigators.set(workspace, navigator);
    }
    return navigator;
  }
}
