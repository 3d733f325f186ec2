/**
 * Python text -> syntax tree, with @lezer/python: a pure-JavaScript, error-tolerant parser whose
 * positions are UTF-16 offsets, as the rest of the core counts them. Chosen over web-tree-sitter by
 * measurement (docs/python-parser.md): the same tolerance of half-typed code, a tenth of the bundle
 * size (no WebAssembly to ship), and faster parse + walk on the largest corpus migration.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import type * as LezerPython from '@lezer/python';

// loaded on first parse: building the parser's tables costs ~8 ms of every start, and most runs read no Python
let loaded: typeof LezerPython.parser | undefined;
const parser = (): typeof LezerPython.parser => (loaded ??= (require('@lezer/python') as typeof LezerPython).parser);

export type { SyntaxNode, Tree };

/** A range of document offsets (UTF-16). */
export interface Span {
  start: number;
  end: number;
}

export function parsePython(text: string): Tree {
  return parser().parse(text);
}

export function spanOf(node: SyntaxNode): Span {
  return { start: node.from, end: node.to };
}

/** Every child but comments, punctuation included, in order. */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.name !== 'Comment') children.push(child);
  return children;
}

export function textOf(text: string, node: SyntaxNode): string {
  return text.slice(node.from, node.to);
}

/** True when the node or anything inside it is a parse error. */
export function containsError(node: SyntaxNode): boolean {
  if (node.type.isError) return true;
  for (let child = node.firstChild; child; child = child.nextSibling) if (containsError(child)) return true;
  return false;
}

/**
 * Where the parser had to recover, one span per line at most (the first error of each line), so
 * that a half-typed line gets one diagnostic rather than one per token.
 */
export function syntaxErrorSpans(tree: Tree, text: string): Span[] {
  const spans: Span[] = [];
  let lastLineStart = -1;
  tree.iterate({
    enter: (node) => {
      if (!node.type.isError) return;
      const start = Math.min(node.from, text.length);
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      if (lineStart === lastLineStart) return;
      lastLineStart = lineStart;
      spans.push({ start, end: Math.max(Math.min(node.to, text.length), start) });
    },
  });
  return spans;
}
