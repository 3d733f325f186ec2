/**
 * libpg-query (the PostgreSQL 18 parser compiled to WebAssembly), one statement at a time,
 * with results cached by statement text so that an edit re-parses only what changed. The caches
 * are bounded in bytes and keep nothing of the document a statement came from.
 */
import { loadModule, parseSync, scanSync } from 'libpg-query';
import { LRUCache } from 'lru-cache';
import type { Node } from 'libpg-query';

/** Every node kind of the PostgreSQL parse tree, e.g. 'IndexStmt'. */
export type NodeKind = Node extends infer N ? (N extends Record<infer K, unknown> ? K & string : never) : never;
/** The payload of a node kind, e.g. NodeOf<'IndexStmt'> is IndexStmt. */
export type NodeOf<K extends NodeKind> = K extends NodeKind ? Extract<Node, Record<K, unknown>>[K] : never;

export interface ParsedStatement {
  kind: NodeKind;
  node: unknown;
  /** UTF-8 byte offset of the statement inside the parsed text. */
  byteStart: number;
  /** UTF-8 byte length, when the parser reported one (the last statement has none). */
  byteLength?: number;
}

export type ParseOutcome =
  | { ok: true; statements: ParsedStatement[]; substitutedPsqlVariables: boolean }
  | { ok: false; message: string; /** code-point offset of the error inside the text */ cursor: number };

export interface ScannedToken {
  byteStart: number;
  byteEnd: number;
  text: string;
  /** e.g. IDENT, SCONST, SQL_COMMENT, or UNKNOWN for keywords and punctuation */
  tokenName: string;
  /** NO_KEYWORD, UNRESERVED_KEYWORD, COL_NAME_KEYWORD, TYPE_FUNC_NAME_KEYWORD, RESERVED_KEYWORD */
  keywordName: string;
}

let loaded: Promise<void> | undefined;
let ready = false;

/** Loads the WebAssembly module once; call before any parse. */
export function initParser(): Promise<void> {
  loaded ??= loadModule().then(() => {
    // V8 compiles WebAssembly functions on their first call: the parser's and the scanner's
    // (about 15 ms) are compiled here rather than in the first analysis of a document
    parseSync(WARM_UP);
    scanSync(WARM_UP);
    ready = true;
  });
  return loaded;
}

const WARM_UP = "CREATE INDEX i ON t (c) WHERE d = 'x'; ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0;";

export function parserReady(): boolean {
  return ready;
}

/*
 * The caches are bounded by an estimate of their bytes on the heap, not by entry count: a cached
 * parse tree takes about 10 bytes per character of its statement, scanner tokens about 6 (measured
 * on the 534 KB lago structure.sql and GitLab's structure.sql), plus the key at 2 bytes a character.
 * 32 MiB holds the parse trees of about 2 MB of SQL: every statement of several large files.
 */
const PARSE_CACHE_BYTES = 32 * 1024 * 1024;
const SCAN_CACHE_BYTES = 8 * 1024 * 1024;
const ENTRY_OVERHEAD_BYTES = 200;
const PARSE_BYTES_PER_CHAR = 12;
const SCAN_BYTES_PER_CHAR = 8;

/** A cached parse, with the cache's own copy of its text (the key), which shares no memory with any document. */
interface ParseEntry {
  outcome: ParseOutcome;
  text: string;
}

const parseCache = new LRUCache<string, ParseEntry>({
  maxSize: PARSE_CACHE_BYTES,
  sizeCalculation: (_entry, key) => ENTRY_OVERHEAD_BYTES + key.length * PARSE_BYTES_PER_CHAR,
});
const scanCache = new LRUCache<string, ScannedToken[]>({
  maxSize: SCAN_CACHE_BYTES,
  sizeCalculation: (_tokens, key) => ENTRY_OVERHEAD_BYTES + key.length * SCAN_BYTES_PER_CHAR,
});
let caching = true;
let parseCalls = 0;

/** How many times the parser actually ran (cache misses); tests use it to prove caching. */
export function parserCallCount(): number {
  return parseCalls;
}

/**
 * Drops these statement texts from the parse and scan caches. An editor calls it with the texts
 * an older version of a document had and the newer one no longer has (the states of a statement
 * while it was typed): without it they fill the caches to their bound on a large file, and the
 * server's memory grows for thousands of keystrokes before it levels off. A text still needed
 * elsewhere is only parsed again.
 */
export function forgetStatementTexts(texts: Iterable<string>): void {
  for (const text of texts) {
    parseCache.delete(text);
    scanCache.delete(text);
  }
}

/** Turns the parse and scan caches off (and empties them) or back on: tests compare results both ways. */
export function setParserCaching(enabled: boolean): void {
  caching = enabled;
  parseCache.clear();
  scanCache.clear();
}

/** Whether results are cached (parseScript also reuses statements only then). */
export function parserCaching(): boolean {
  return caching;
}

/**
 * A copy of `text` that shares no memory with the string it was cut from. Statement texts are
 * slices of the document, and V8 keeps a slice's whole parent string alive: a cache key taken
 * as it is would keep every version of the document that the editor ever sent.
 */
function detached(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}

/**
 * Parses one statement's text. NUL characters, which end a C string early, become spaces.
 * psql variables (`:name`, `:'name'`, `:"name"`) are tried as same-length placeholders when the
 * raw text does not parse, so offsets stay valid.
 */
export function parseStatementText(text: string): ParseOutcome {
  const cached = caching ? parseCache.get(text) : undefined;
  if (cached) return cached.outcome;
  parseCalls++;
  const clean = text.includes('\0') ? text.replace(/\0/g, ' ') : text;
  let outcome = runParser(clean, false);
  if (!outcome.ok && clean.includes(':')) {
    const substituted = substitutePsqlVariables(clean);
    if (substituted !== clean) {
      const retry = runParser(substituted, true);
      if (retry.ok) outcome = retry;
    }
  }
  if (caching) {
    const key = detached(text);
    parseCache.set(key, { outcome, text: key });
  }
  return outcome;
}

/**
 * The parse cache's own copy of a statement text that was just parsed (`text` itself when it is
 * not cached). A statement that keeps it, rather than its slice of the document, does not keep
 * that version of the whole document alive.
 */
export function ownedStatementText(text: string): string {
  return (caching ? parseCache.peek(text)?.text : undefined) ?? text;
}

function runParser(text: string, substituted: boolean): ParseOutcome {
  try {
    const result = parseSync(text);
    const statements: ParsedStatement[] = [];
    for (const raw of result.stmts ?? []) {
      if (!raw.stmt) continue;
      const kind = Object.keys(raw.stmt)[0] as NodeKind;
      statements.push({
        kind,
        node: (raw.stmt as Record<string, unknown>)[kind],
        byteStart: raw.stmt_location ?? 0,
        byteLength: raw.stmt_len || undefined,
      });
    }
    return { ok: true, statements, substitutedPsqlVariables: substituted };
  } catch (error) {
    const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails;
    const message = details?.message ?? (error instanceof Error ? error.message : String(error));
    return { ok: false, message, cursor: Math.max(0, details?.cursorPosition ?? 0) };
  }
}

/** Scanner tokens (keywords, identifiers, literals, comments) with UTF-8 byte offsets. */
export function scanStatementText(text: string): ScannedToken[] {
  const cached = caching ? scanCache.get(text) : undefined;
  if (cached) return cached;
  let tokens: ScannedToken[];
  try {
    tokens = (scanSync(text).tokens ?? []).map((token) => ({
      byteStart: token.start,
      byteEnd: token.end,
      text: token.text,
      tokenName: token.tokenName,
      keywordName: token.keywordName,
    }));
  } catch {
    tokens = [];
  }
  if (caching) scanCache.set(detached(text), tokens);
  return tokens;
}

const PSQL_VARIABLE = /(^|[\s(,=<>+\-*/])(:'[A-Za-z_][A-Za-z0-9_]*'|:"[A-Za-z_][A-Za-z0-9_]*"|:[A-Za-z_][A-Za-z0-9_]*)/g;

/** Replaces psql variables with placeholders of the same length (a literal, an identifier, a name). */
export function substitutePsqlVariables(text: string): string {
  return text.replace(PSQL_VARIABLE, (_match, before: string, variable: string) => {
    const inner = 'x'.repeat(Math.max(0, variable.length - 3));
    if (variable.startsWith(":'")) return `${before}'${inner}x'`;
    if (variable.startsWith(':"')) return `${before}"${inner}x"`;
    return `${before}_${variable.slice(1)}`;
  });
}
