/** textDocument/documentSymbol (what a file creates and alters, nested) and workspace/symbol (tables, views, indexes of every history). */
import type { DocumentSymbol, SymbolInformation } from 'vscode-languageserver/node';
import { SymbolKind } from 'vscode-languageserver/node';
import type { Navigator } from '../core/navigation/navigator';
import type { SymbolKind as CoreSymbolKind, SymbolNode } from '../core/navigation/symbols';
import type { NavigationConnection, NavigationHost } from './host';

const KINDS: Record<CoreSymbolKind, SymbolKind> = {
  table: SymbolKind.Class,
  view: SymbolKind.Interface,
  sequence: SymbolKind.Constant,
  column: SymbolKind.Field,
  index: SymbolKind.Key,
  constraint: SymbolKind.Property,
};

function toSymbol(navigator: Navigator, file: string, node: SymbolNode): DocumentSymbol | undefined {
  const range = navigator.range({ file, start: node.start, end: node.end });
  const selectionRange = navigator.range({ file, start: node.selectionStart, end: node.selectionEnd });
  if (!range || !selectionRange) return undefined;
  const children = node.children.map((child) => toSymbol(navigator, file, child)).filter((child): child is DocumentSymbol => child !== undefined);
  return { name: node.name, detail: node.detail, kind: KINDS[node.kind], range, selectionRange, children };
}

export function registerSymbols(connection: NavigationConnection, host: NavigationHost): void {
  connection.onDocumentSymbol((params) =>
    host.guard<DocumentSymbol[]>('document symbols', [], () => {
      const at = host.at(params.textDocument.uri);
      if (!at) return [];
      return at.navigator.documentSymbols(at.file).map((node) => toSymbol(at.navigator, at.file, node)).filter((symbol): symbol is DocumentSymbol => symbol !== undefined);
    }),
  );
  connection.onWorkspaceSymbol((params) =>
    host.guard<SymbolInformation[]>('workspace symbols', [], () => {
      const found: SymbolInformation[] = [];
      for (const navigator of host.all()) {
        for (const symbol of navigator.workspaceSymbols(params.query)) {
          const location = host.location(navigator, symbol);
          if (location) found.push({ name: symbol.name, kind: KINDS[symbol.kind], containerName: symbol.container, location });
        }
      }
      return found;
    }),
  );
}
