/**
 * Splits a SQL script into statements the way psql does, so that each statement can be
 * parsed on its own and one bad statement does not blind the rest of the file.
 *
 * Handles `--` and nested block comments, '' and E'' strings, "" identifiers, dollar quotes,
 * BEGIN ATOMIC bodies (psql's own heuristic), CREATE RULE action lists in parentheses,
 * psql meta-command lines and COPY ... FROM stdin data blocks. An unterminated string,
 * identifier, comment or dollar quote ends its statement at the end of the line it opened
 * on, so a half-typed literal does not swallow the rest of the file.
 *
 * It also notes, for each statement, the lines inside it that start with a statement keyword
 * (`breaks`): where a statement that does not parse can be cut for analysis (see document.ts).
 */

import { countWhile } from './sorted';

export type SegmentKind = 'sql' | 'psql-meta' | 'copy-data';

export type Unterminated = 'string' | 'identifier' | 'comment' | 'dollar-quote';

export interface Segment {
  kind: SegmentKind;
  /** UTF-16 offset of the first character. */
  start: number;
  /** UTF-16 offset after the last character of the statement, before any `;`. */
  end: number;
  /** True when a `;` ends the statement; `end` then points at it. */
  terminated: boolean;
  /** Set when the statement was cut at the end of a line because a literal never closed. */
  unterminated?: Unterminated;
  /** Lines inside the statement that start with a statement keyword, in order (sql segments only). */
  breaks?: Break[];
}

/**
 * A line inside a statement whose first word is a statement keyword, indented no deeper than
 * the line the statement starts on, outside any parenthesis that closes later in the statement,
 * outside strings, comments, dollar quotes and BEGIN ... END routine bodies: where a user who is
 * typing would expect a new statement to start.
 */
export interface Break {
  /** Offset of the keyword. */
  at: number;
  /** End of the last token before it (comments and blank lines excluded). */
  before: number;
}

export interface Comment {
  start: number;
  end: number;
  /** `--` comments are line comments; the rest are block comments. */
  kind: 'line' | 'block';
}

export interface SplitResult {
  segments: Segment[];
  comments: Comment[];
}

const enum Ch {
  Tab = 9,
  LineFeed = 10,
  VerticalTab = 11,
  FormFeed = 12,
  CarriageReturn = 13,
  Space = 32,
  DoubleQuote = 34,
  Dollar = 36,
  SingleQuote = 39,
  OpenParen = 40,
  CloseParen = 41,
  Star = 42,
  Minus = 45,
  Slash = 47,
  Semicolon = 59,
  Backslash = 92,
  ByteOrderMark = 0xfeff,
}

function isWhitespace(code: number): boolean {
  return (
    code === Ch.Space ||
    code === Ch.Tab ||
    code === Ch.LineFeed ||
    code === Ch.CarriageReturn ||
    code === Ch.FormFeed ||
    code === Ch.VerticalTab ||
    code === Ch.ByteOrderMark
  );
}

function isIdentStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code >= 128;
}

function isIdentPart(code: number): boolean {
  return isIdentStart(code) || (code >= 48 && code <= 57) || code === Ch.Dollar;
}

/**
 * Keywords that start a statement. Some also continue one at the start of a line (UPDATE t / SET,
 * CREATE VIEW v AS / SELECT): those statements parse whole and are never cut.
 */
const STATEMENT_KEYWORDS = new Set([
  'create', 'alter', 'drop', 'comment', 'grant', 'revoke', 'begin', 'commit', 'rollback', 'savepoint', 'release', 'truncate',
  'vacuum', 'analyze', 'reindex', 'refresh', 'cluster', 'lock', 'do', 'copy', 'call', 'discard', 'set', 'reset',
  'select', 'insert', 'update', 'delete', 'merge', 'with', 'values',
]);

const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*)?\$/y;
const COPY_FROM_STDIN = /^copy\b[\s\S]*\bfrom\s+stdin\b/i;

/** What psql tracks about the statement in progress to decide whether a `;` ends it. */
class StatementState {
  start = -1;
  lastTokenEnd = -1;
  private words: string[] = [];
  parenDepth = 0;
  beginDepth = 0;
  /** Indentation of the line the statement starts on. */
  private indent = 0;
  private breaks: Array<Break & { depth: number }> = [];

  get active(): boolean {
    return this.start >= 0;
  }

  open(at: number, indent: number): void {
    this.start = at;
    this.lastTokenEnd = at;
    this.words = [];
    this.parenDepth = 0;
    this.beginDepth = 0;
    this.indent = indent;
    this.breaks = [];
  }

  /** A word that is the first token of a line indented by `indent`: note it if it can start a statement. */
  lineStartWord(lower: string, at: number, indent: number): void {
    if (indent > this.indent || this.beginDepth > 0) return;
    if (!STATEMENT_KEYWORDS.has(lower)) return;
    if (lower === 'begin' && this.isRoutine()) return; // a BEGIN ATOMIC body
    this.breaks.push({ at, before: this.lastTokenEnd, depth: this.parenDepth });
  }

  closeParen(): void {
    this.parenDepth--;
    // a keyword inside parentheses that close is inside the statement, not after it
    if (this.breaks.length > 0) this.breaks = this.breaks.filter((found) => found.depth <= this.parenDepth);
  }

  takeBreaks(): Break[] | undefined {
    return this.breaks.length > 0 ? this.breaks.map(({ at, before }) => ({ at, before })) : undefined;
  }

  close(): void {
    this.start = -1;
  }

  /** psql's heuristic: BEGIN ... END bodies count only inside CREATE [OR REPLACE] FUNCTION/PROCEDURE. */
  /** Whether the next word matters: one of the first four, or inside a routine (BEGIN ... END). */
  wantsWords(): boolean {
    return this.words.length < 4 || (this.parenDepth === 0 && this.isRoutine());
  }

  /** A word of the statement, in lower case. */
  word(lower: string): void {
    if (this.words.length < 4) this.words.push(lower);
    if (!this.isRoutine() || this.parenDepth !== 0) return;
    if (lower === 'begin') this.beginDepth++;
    else if (lower === 'case' && this.beginDepth >= 1) this.beginDepth++;
    else if (lower === 'end' && this.beginDepth > 0) this.beginDepth--;
  }

  /** True when a `;` here ends the statement. */
  endsAtSemicolon(): boolean {
    if (this.beginDepth > 0) return false;
    return this.parenDepth <= 0 || !this.isRule();
  }

  private createTarget(): string | undefined {
    const w = this.words;
    if (w[0] !== 'create') return undefined;
    return w[1] === 'or' && w[2] === 'replace' ? w[3] : w[1];
  }

  private isRoutine(): boolean {
    const target = this.createTarget();
    return target === 'function' || target === 'procedure';
  }

  private isRule(): boolean {
    return this.createTarget() === 'rule';
  }
}

/** The split of an earlier version of the same document, for splitSql to reuse what an edit did not touch. */
export interface EarlierSplit {
  text: string;
  result: SplitResult;
}

export function splitSql(text: string, earlier?: EarlierSplit): SplitResult {
  const segments: Segment[] = [];
  const comments: Comment[] = [];
  const length = text.length;
  const statement = new StatementState();
  let i = 0;
  const reuse = earlier ? reusable(earlier, text) : undefined;
  if (reuse) {
    segments.push(...reuse.segments);
    comments.push(...reuse.comments);
    i = reuse.from;
  }

  const lineEnd = (from: number): number => {
    let k = from;
    while (k < length) {
      const code = text.charCodeAt(k);
      if (code === Ch.LineFeed || code === Ch.CarriageReturn) break;
      k++;
    }
    return k;
  };

  const finishStatement = (end: number, terminated: boolean, unterminated?: Unterminated): void => {
    if (!statement.active) return;
    const segment: Segment = { kind: 'sql', start: statement.start, end, terminated };
    if (unterminated) segment.unterminated = unterminated;
    const breaks = statement.takeBreaks();
    if (breaks) segment.breaks = breaks;
    segments.push(segment);
    statement.close();
  };

  /** An opening quote at `open` never closes: cut the statement at the end of that line. */
  const recover = (open: number, what: Unterminated): number => {
    if (!statement.active) statement.open(open, indentOfLine(text, open));
    const eol = lineEnd(open);
    finishStatement(eol, false, what);
    return eol;
  };

  /** After COPY ... FROM stdin; the data runs to a line holding only `\.`. */
  const skipCopyData = (from: number): number => {
    // the data starts on the line after the statement
    let cursor = skipNewline(text, lineEnd(from));
    const dataStart = cursor;
    while (cursor < length) {
      const eol = lineEnd(cursor);
      if (text.slice(cursor, eol) === '\\.') {
        segments.push({ kind: 'copy-data', start: dataStart, end: eol, terminated: true });
        return eol;
      }
      const next = skipNewline(text, eol);
      if (next === eol) break;
      cursor = next;
    }
    if (dataStart < length) segments.push({ kind: 'copy-data', start: dataStart, end: length, terminated: false });
    return length;
  };

  while (i < length) {
    const code = text.charCodeAt(i);

    if (isWhitespace(code)) {
      i++;
      continue;
    }

    if (code === Ch.Minus && text.charCodeAt(i + 1) === Ch.Minus) {
      const end = lineEnd(i);
      comments.push({ start: i, end, kind: 'line' });
      i = end;
      continue;
    }

    if (code === Ch.Slash && text.charCodeAt(i + 1) === Ch.Star) {
      const end = blockCommentEnd(text, i);
      if (end < 0) {
        i = recover(i, 'comment');
        continue;
      }
      comments.push({ start: i, end, kind: 'block' });
      i = end;
      continue;
    }

    if (reuse && !statement.active && i >= reuse.resyncFrom) {
      const rest = reuse.restAt(i);
      if (rest) {
        segments.push(...rest.segments);
        comments.push(...rest.comments);
        return { segments, comments };
      }
    }

    if (code === Ch.Backslash) {
      // psql meta-command: runs to the end of the line and ends any statement in progress
      finishStatement(statement.lastTokenEnd, false);
      const end = lineEnd(i);
      segments.push({ kind: 'psql-meta', start: i, end, terminated: true });
      i = end;
      continue;
    }

    if (!statement.active) {
      if (code === Ch.Semicolon) {
        i++; // an empty statement
        continue;
      }
      statement.open(i, indentOfLine(text, i));
    }

    if (code === Ch.SingleQuote) {
      const escapes = isEscapeStringPrefix(text, i);
      const end = quotedEnd(text, i, Ch.SingleQuote, escapes);
      if (end < 0) {
        i = recover(i, 'string');
        continue;
      }
      i = statement.lastTokenEnd = end;
      continue;
    }

    if (code === Ch.DoubleQuote) {
      const end = quotedEnd(text, i, Ch.DoubleQuote, false);
      if (end < 0) {
        i = recover(i, 'identifier');
        continue;
      }
      i = statement.lastTokenEnd = end;
      continue;
    }

    if (code === Ch.Dollar && !(i > 0 && isIdentPart(text.charCodeAt(i - 1)))) {
      DOLLAR_TAG.lastIndex = i;
      const match = DOLLAR_TAG.exec(text);
      if (match) {
        const close = text.indexOf(match[0], i + match[0].length);
        if (close < 0) {
          i = recover(i, 'dollar-quote');
          continue;
        }
        i = statement.lastTokenEnd = close + match[0].length;
        continue;
      }
    }

    if (isIdentStart(code)) {
      let end = i + 1;
      while (end < length && isIdentPart(text.charCodeAt(end))) end++;
      const indent = i > statement.start ? lineStartIndent(text, i) : undefined;
      if (indent !== undefined || statement.wantsWords()) {
        const word = text.slice(i, end).toLowerCase();
        if (indent !== undefined) statement.lineStartWord(word, i, indent);
        statement.word(word);
      }
      i = statement.lastTokenEnd = end;
      continue;
    }

    if (code === Ch.OpenParen) statement.parenDepth++;
    else if (code === Ch.CloseParen) statement.closeParen();
    else if (code === Ch.Semicolon && statement.endsAtSemicolon()) {
      const start = statement.start;
      finishStatement(i, true);
      i++;
      if (COPY_FROM_STDIN.test(text.slice(start, i - 1))) i = skipCopyData(i);
      continue;
    }
    i++;
    statement.lastTokenEnd = i;
  }

  finishStatement(statement.lastTokenEnd, false);
  return { segments, comments };
}

interface Reuse {
  /** The earlier split's first segments, which the edit cannot have changed, and the comments before `from`. */
  segments: Segment[];
  comments: Comment[];
  /** Where scanning resumes: a point between statements, before the edit. */
  from: number;
  /** From here on, a point between statements may be where the earlier split goes on unchanged (shifted). */
  resyncFrom: number;
  /** The earlier split's segments and comments from `at` on, shifted, when a segment of it started at the same place. */
  restAt(at: number): { segments: Segment[]; comments: Comment[] } | undefined;
}

/**
 * What an edit leaves of an earlier split: the text both versions start with and the text both end
 * with. Segments that end with a `;` inside the common start were decided by text before it (a
 * literal that never closes, a statement without `;` and COPY data look further, so they end the
 * reuse); after the edit, once scanning is between statements where the earlier split began a
 * segment and what the scan looks back at (the line the segment starts on) is common text too,
 * the rest of the earlier split holds.
 */
function reusable(earlier: EarlierSplit, text: string): Reuse | undefined {
  const before = earlier.text;
  const prefix = commonPrefix(before, text);
  if (prefix === before.length && prefix === text.length) return undefined;
  const suffix = commonSuffix(before, text, Math.min(before.length, text.length) - prefix);
  const delta = text.length - before.length;
  const old = earlier.result;
  let kept = 0;
  for (const segment of old.segments) {
    const decided = segment.kind === 'psql-meta' || (segment.kind === 'sql' && segment.terminated && !segment.unterminated);
    // what ended it (its `;`, the line end of a meta-command) is common text too
    if (!decided || segment.end >= prefix) break;
    kept++;
  }
  // a COPY ... FROM stdin is followed by its data, which the scan finds only after the COPY itself
  // (copy data is never kept, so only the last kept segment can be such a COPY)
  if (kept > 0 && isCopyFromStdin(before, old.segments[kept - 1])) kept--;
  // where the scan goes on after a kept segment: past its `;`, or at the line end of a meta-command
  const last = old.segments[kept - 1];
  const from = !last ? 0 : last.kind === 'sql' ? last.end + 1 : last.end;
  const commonEnd = text.length - suffix;
  return {
    segments: old.segments.slice(0, kept),
    comments: old.comments.filter((comment) => comment.end <= from),
    from,
    resyncFrom: commonEnd,
    restAt(at) {
      // the scan looks back along the line a segment starts on (its indentation, a character before a quote)
      const lineStart = Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\r', at - 1));
      if (lineStart < commonEnd && at - 2 * MAX_INDENT_LOOKBACK - 2 < commonEnd) return undefined;
      const index = countWhile(old.segments, (candidate) => candidate.start < at - delta);
      const segment = old.segments[index];
      if (index < kept || !segment || segment.start !== at - delta || segment.kind === 'copy-data') return undefined;
      if (index > 0 && (old.segments[index - 1].kind !== 'sql' || isCopyFromStdin(before, old.segments[index - 1]))) return undefined;
      const segments: Segment[] = [];
      for (let k = index; k < old.segments.length; k++) segments.push(shifted(old.segments[k], delta));
      const comments: Comment[] = [];
      for (let k = countWhile(old.comments, (comment) => comment.start < at - delta); k < old.comments.length; k++) {
        const comment = old.comments[k];
        comments.push({ start: comment.start + delta, end: comment.end + delta, kind: comment.kind });
      }
      return { segments, comments };
    },
  };
}

function isCopyFromStdin(text: string, segment: Segment): boolean {
  return segment.kind === 'sql' && COPY_FROM_STDIN.test(text.slice(segment.start, segment.end));
}

function shifted(segment: Segment, delta: number): Segment {
  const moved: Segment = { kind: segment.kind, start: segment.start + delta, end: segment.end + delta, terminated: segment.terminated };
  if (segment.unterminated) moved.unterminated = segment.unterminated;
  if (segment.breaks) moved.breaks = segment.breaks.map((found) => ({ at: found.at + delta, before: found.before + delta }));
  return moved;
}

const CHUNK = 1024;

/** How many characters two texts start with in common (compared a chunk at a time, then character by character). */
function commonPrefix(a: string, b: string): number {
  const shortest = Math.min(a.length, b.length);
  let at = 0;
  while (at + CHUNK <= shortest && a.slice(at, at + CHUNK) === b.slice(at, at + CHUNK)) at += CHUNK;
  while (at < shortest && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

/** How many characters (at most `limit`) two texts end with in common. */
function commonSuffix(a: string, b: string, limit: number): number {
  let count = 0;
  while (count + CHUNK <= limit && a.slice(a.length - count - CHUNK, a.length - count) === b.slice(b.length - count - CHUNK, b.length - count)) count += CHUNK;
  while (count < limit && a.charCodeAt(a.length - 1 - count) === b.charCodeAt(b.length - 1 - count)) count++;
  return count;
}

/** How far back the indentation of a statement's first line is looked for (long lines count as not indented). */
const MAX_INDENT_LOOKBACK = 200;

/** The indentation before `at` when only spaces and tabs stand before it on its line; otherwise undefined. */
function lineStartIndent(text: string, at: number): number | undefined {
  let k = at;
  while (k > 0) {
    const code = text.charCodeAt(k - 1);
    if (code !== Ch.Space && code !== Ch.Tab) break;
    k--;
  }
  return k === 0 || text.charCodeAt(k - 1) === Ch.LineFeed || text.charCodeAt(k - 1) === Ch.CarriageReturn ? at - k : undefined;
}

/** The indentation of the line that `at` is on. */
function indentOfLine(text: string, at: number): number {
  let lineStart = at;
  while (lineStart > 0 && text.charCodeAt(lineStart - 1) !== Ch.LineFeed && text.charCodeAt(lineStart - 1) !== Ch.CarriageReturn) {
    if (at - lineStart > MAX_INDENT_LOOKBACK) return 0;
    lineStart--;
  }
  let indent = 0;
  while (text.charCodeAt(lineStart + indent) === Ch.Space || text.charCodeAt(lineStart + indent) === Ch.Tab) indent++;
  return indent;
}

function skipNewline(text: string, at: number): number {
  if (text.charCodeAt(at) === Ch.CarriageReturn) at++;
  if (text.charCodeAt(at) === Ch.LineFeed) at++;
  return at;
}

/** E'...' strings treat backslash as an escape; the E must not end a longer word. */
function isEscapeStringPrefix(text: string, quote: number): boolean {
  const prefix = text.charCodeAt(quote - 1);
  if (prefix !== 69 && prefix !== 101) return false;
  return !(quote >= 2 && isIdentPart(text.charCodeAt(quote - 2)));
}

/** Offset after the closing quote, or -1 when the literal never closes. */
function quotedEnd(text: string, open: number, quote: number, backslashEscapes: boolean): number {
  let k = open + 1;
  const length = text.length;
  while (k < length) {
    const code = text.charCodeAt(k);
    if (backslashEscapes && code === Ch.Backslash) {
      k += 2;
      continue;
    }
    if (code === quote) {
      if (text.charCodeAt(k + 1) === quote) {
        k += 2;
        continue;
      }
      return k + 1;
    }
    k++;
  }
  return -1;
}

/** Offset after the matching close of a (nested) block comment, or -1. */
function blockCommentEnd(text: string, open: number): number {
  let depth = 0;
  let k = open;
  const length = text.length;
  while (k < length) {
    const code = text.charCodeAt(k);
    if (code === Ch.Slash && text.charCodeAt(k + 1) === Ch.Star) {
      depth++;
      k += 2;
    } else if (code === Ch.Star && text.charCodeAt(k + 1) === Ch.Slash) {
      depth--;
      k += 2;
      if (depth === 0) return k;
    } else {
      k++;
    }
  }
  return -1;
}
