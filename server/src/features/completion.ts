/** textDocument/completion: table, view, column, index and constraint names inside the statement being typed. */
import type { CompletionItem } from 'vscode-languageserver/node';
import { CompletionItemKind } from 'vscode-languageserver/node';
import type { CompletionKind } from '../core/navigation/completion';
import type { NavigationConnection, NavigationHost } from './host';

export const COMPLETION_TRIGGERS = ['.', '(', ',', ' '];

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  table: CompletionItemKind.Class,
  view: CompletionItemKind.Interface,
  sequence: CompletionItemKind.Constant,
  column: CompletionItemKind.Field,
  index: CompletionItemKind.Reference,
  constraint: CompletionItemKind.Property,
};

export function registerCompletion(connection: NavigationConnection, host: NavigationHost): void {
  connection.onCompletion((params) =>
    host.guard<CompletionItem[]>('completion', [], () => {
      const at = host.at(params.textDocument.uri);
      if (!at) return [];
      return at.navigator.completions(at.file, at.document.offsetAt(params.position)).map((entry) => ({
        label: entry.label,
        kind: KINDS[entry.kind],
        detail: entry.detail,
        filterText: entry.insertText,
        textEdit: { range: at.navigator.range({ file: at.file, start: entry.start, end: entry.end })!, newText: entry.insertText },
      }));
    }),
  );
}
