/**
 * A deterministic stream of realistic editor edits on a SQL file: typing a word inside a
 * statement and deleting it again, deleting a line and restoring it, adding a line, pasting
 * a statement between two others and undoing it. Each operation is undone later, so a long
 * stream (the soak) keeps the file near its original size while every edit makes new text.
 */
import { splitSql } from '../../server/src/core/source/splitter';
import { LineIndex } from '../../server/src/core/source/text';
import type { TextChange } from './lsp';

export interface Edit {
  change: TextChange;
  kind: 'type' | 'delete-line' | 'add-line' | 'paste';
}

/** mulberry32: a small seeded PRNG, so every run replays the same edits. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['_id', 'amount', ' NOT NULL', '_at', 'status', ' DEFAULT 0', 'x'];

class EditableText {
  private lines: LineIndex;
  constructor(public text: string) {
    this.lines = new LineIndex(text);
  }

  /** Replaces [start, end) with `text` and returns the LSP change that does it. */
  replace(start: number, end: number, text: string): TextChange {
    const change = { range: this.lines.range(start, end), text };
    this.text = this.text.slice(0, start) + text + this.text.slice(end);
    this.lines = new LineIndex(this.text);
    return change;
  }
}

/** SQL statements of the file (offsets of their first character and of their `;`). */
function statements(text: string): Array<{ start: number; end: number }> {
  return splitSql(text)
    .segments.filter((segment) => segment.kind === 'sql' && segment.terminated)
    .map((segment) => ({ start: segment.start, end: segment.end }));
}

/** The edits, made one at a time as they are asked for (a long soak on a large file would wait seconds for them all). */
export function* editStream(original: string, count: number, seed = 1): Generator<Edit> {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const doc = new EditableText(original);
  const known = statements(original);
  const pending: Edit[] = [];
  const push = (kind: Edit['kind'], change: TextChange) => pending.push({ kind, change });

  for (let made = 0; made < count; ) {
    const statement = pick(known);
    const body = original.slice(statement.start, statement.end);
    const roll = next();
    if (roll < 0.6) {
      // type a word at the end of a word inside the statement, one character at a time, then delete it
      const words = [...body.matchAll(/[A-Za-z_]\w*/g)].map((m) => statement.start + m.index + m[0].length);
      const at = pick(words);
      const word = pick(WORDS);
      for (let k = 0; k < word.length; k++) push('type', doc.replace(at + k, at + k, word[k]));
      for (let k = word.length; k > 0; k--) push('type', doc.replace(at + k - 1, at + k, ''));
    } else if (roll < 0.75) {
      // delete a line inside the statement, then restore it (undo)
      const lineStarts = [...body.matchAll(/\n/g)].map((m) => statement.start + m.index + 1);
      if (lineStarts.length === 0) continue;
      const start = pick(lineStarts);
      const eol = doc.text.indexOf('\n', start);
      const end = eol < 0 ? doc.text.length : eol + 1;
      const line = doc.text.slice(start, end);
      push('delete-line', doc.replace(start, end, ''));
      push('delete-line', doc.replace(start, start, line));
    } else if (roll < 0.9) {
      // add a line after the statement, type a comment into it, remove the line
      const at = statement.end + 1;
      push('add-line', doc.replace(at, at, '\n'));
      push('add-line', doc.replace(at + 1, at + 1, '-- todo'));
      push('add-line', doc.replace(at, at + 8, ''));
    } else {
      // paste another statement after this one, then undo the paste
      const source = pick(known);
      const pasted = `\n${original.slice(source.start, source.end + 1)}`;
      const at = statement.end + 1;
      push('paste', doc.replace(at, at, pasted));
      push('paste', doc.replace(at, at + pasted.length, ''));
    }
    for (const edit of pending.splice(0)) {
      if (made++ === count) return;
      yield edit;
    }
  }
}
