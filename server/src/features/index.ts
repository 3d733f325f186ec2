/**
 * Editor features from the workspace schema, no database needed: hover, go to definition, find
 * references, document and workspace symbols, completion. server.ts spreads the capabilities into
 * its initialize result and calls registerNavigation once; the analysis is in core/navigation.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerCapabilities, TextDocuments } from 'vscode-languageserver/node';
import type { SchemaService } from '../schema-service';
import { COMPLETION_TRIGGERS, registerCompletion } from './completion';
import { registerDefinition } from './definition';
import type { NavigationConnection } from './host';
import { NavigationHost } from './host';
import { registerHover } from './hover';
import { registerSymbols } from './symbols';

export const navigationCapabilities: ServerCapabilities = {
  hoverProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  documentSymbolProvider: true,
  workspaceSymbolProvider: true,
  completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
};

export function registerNavigation(connection: NavigationConnection, documents: TextDocuments<TextDocument>, schemas: SchemaService): void {
  const host = new NavigationHost(connection, documents, schemas);
  registerHover(connection, host);
  registerDefinition(connection, host);
  registerSymbols(connection, host);
  registerCompletion(connection, host);
}
