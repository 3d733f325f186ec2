/** textDocument/hover: a table's or column's definition after the whole history, with links to its migrations. */
import type { Hover } from 'vscode-languageserver/node';
import { MarkupKind } from 'vscode-languageserver/node';
import type { NavigationConnection, NavigationHost } from './host';

export function registerHover(connection: NavigationConnection, host: NavigationHost): void {
  connection.onHover((params) =>
    host.guard<Hover | null>('hover', null, () => {
      const at = host.at(params.textDocument.uri);
      if (!at) return null;
      const hover = at.navigator.hover(at.file, at.document.offsetAt(params.position), (file, line) => `${host.uriOf(file)}#L${line}`);
      if (!hover) return null;
      return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: at.navigator.range({ file: at.file, start: hover.start, end: hover.end }) };
    }),
  );
}
