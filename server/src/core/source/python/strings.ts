/**
 * Python string literals -> their value, with the document offsets every character of the value
 * came from, so that SQL found in a string maps back exactly (through escapes, line
 * continuations, CRLF line ends and implicit concatenation).
 */
import type { SyntaxNode } from './syntax';
import { childrenOf } from './syntax';

export interface StringValue {
  value: string;
  /** For each UTF-16 unit of `value`: the document offsets of the source text it came from. */
  from: number[];
  to: number[];
  /** For each unit: true when it is the source character itself (not an escape or a normalised line end). */
  verbatim: boolean[];
  /** The literal pieces (one per implicitly concatenated string): quote style, for re-escaping edits. */
  pieces: StringPiece[];
}

export interface StringPiece {
  start: number;
  end: number;
  /** Offsets of the first and past-the-last character between the quotes. */
  contentStart: number;
  contentEnd: number;
  quote: string;
  raw: boolean;
  format: boolean;
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/**
 * The value of a String, FormatString or ContinuedString node; undefined for bytes, f-strings
 * with replacement fields, `\N{...}` escapes, or text the parser could not read as a string.
 */
export function stringValue(text: string, node: SyntaxNode): StringValue | undefined {
  const parts = node.name === 'ContinuedString' ? childrenOf(node) : [node];
  const result: StringValue = { value: '', from: [], to: [], verbatim: [], pieces: [] };
  for (const part of parts) {
    if (part.name !== 'String' && part.name !== 'FormatString') return undefined;
    if (part.getChild('FormatReplacement')) return undefined;
    if (!decodePiece(text, part.from, part.to, result)) return undefined;
  }
  return result;
}

function decodePiece(text: string, start: number, end: number, out: StringValue): boolean {
  let k = start;
  while (k < end && /[A-Za-z]/.test(text[k])) k++;
  const prefix = text.slice(start, k).toLowerCase();
  if (prefix.includes('b') || /[^rfu]/.test(prefix)) return false;
  const raw = prefix.includes('r');
  const format = prefix.includes('f');
  const quoteChar = text[k];
  if (quoteChar !== '"' && quoteChar !== "'") return false;
  const quote = text.startsWith(quoteChar.repeat(3), k) && end - k >= 6 ? quoteChar.repeat(3) : quoteChar;
  const contentStart = k + quote.length;
  const contentEnd = end - quote.length;
  if (contentEnd < contentStart || text.slice(contentEnd, end) !== quote) return false;
  out.pieces.push({ start, end, contentStart, contentEnd, quote, raw, format });
  const push = (value: string, from: number, to: number, verbatim: boolean): void => {
    for (let unit = 0; unit < value.length; unit++) {
      out.value += value[unit];
      out.from.push(from);
      out.to.push(to);
      out.verbatim.push(verbatim);
    }
  };
  let i = contentStart;
  while (i < contentEnd) {
    const ch = text[i];
    if (ch === '\r') {
      // Python reads CRLF and CR line ends as \n
      const width = text[i + 1] === '\n' ? 2 : 1;
      push('\n', i, i + width, false);
      i += width;
      continue;
    }
    if (format && (ch === '{' || ch === '}')) {
      if (text[i + 1] !== ch) return false;
      push(ch, i, i + 2, false);
      i += 2;
      continue;
    }
    if (ch !== '\\' || raw) {
      push(ch, i, i + 1, true);
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined || i + 1 >= contentEnd) return false;
    if (next === '\n' || next === '\r') {
      i += next === '\r' && text[i + 2] === '\n' ? 3 : 2; // line continuation: no character
      continue;
    }
    if (next in SIMPLE_ESCAPES) {
      push(SIMPLE_ESCAPES[next], i, i + 2, false);
      i += 2;
      continue;
    }
    const escape = numericEscape(text, i, contentEnd);
    if (escape === null) return false;
    if (escape) {
      push(escape.value, i, escape.end, false);
      i = escape.end;
      continue;
    }
    // an unknown escape keeps its backslash
    push('\\', i, i + 1, true);
    i++;
  }
  return true;
}

/** `\ooo`, `\xhh`, `\uXXXX`, `\UXXXXXXXX`; null for one Python rejects or `\N{...}`; undefined when not numeric. */
function numericEscape(text: string, at: number, limit: number): { value: string; end: number } | null | undefined {
  const kind = text[at + 1];
  if (kind >= '0' && kind <= '7') {
    let end = at + 1;
    while (end < limit && end < at + 4 && text[end] >= '0' && text[end] <= '7') end++;
    return { value: String.fromCodePoint(parseInt(text.slice(at + 1, end), 8)), end };
  }
  const width = kind === 'x' ? 2 : kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
  if (kind === 'N') return null;
  if (width === 0) return undefined;
  const digits = text.slice(at + 2, at + 2 + width);
  if (digits.length !== width || at + 2 + width > limit || !/^[0-9a-fA-F]+$/.test(digits)) return null;
  const code = parseInt(digits, 16);
  if (code > 0x10ffff) return null;
  return { value: String.fromCodePoint(code), end: at + 2 + width };
}
