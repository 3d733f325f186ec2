/**
 * libpg-query (the PostgreSQL 18 parser compiled to WebAssembly), one statement at a time,
 * with results cached by statement text so that an edit re-parses only what changed.
 */
import { loadModule, parseSync, scanSync } from 'libpg-query';
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
    ready = true;
  });
  return loaded;
}

export function parserReady(): boolean {
  return ready;
}

class LruCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.map.set(key, value);
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
    }
  }

  get size(): number {
    return this.map.size;
  }
}

const parseCache = new LruCache<ParseOutcome>(20_000);
const scanCache = new LruCache<ScannedToken[]>(2_000);
let parseCalls = 0;

/** How many times the parser actually ran (cache misses); tests use it to prove caching. */
export function parserCallCount(): number {
  return parseCalls;
}

/**
 * Parses one statement's text. NUL characters, which end a C string early, become spaces.
 * psql variables (`:name`, `:'name'`, `:"name"`) are tried as same-length placeholders when the
 * raw text does not parse, so offsets stay valid.
 */
export function parseStatementText(text: string): ParseOutcome {
  const cached = parseCache.get(text);
  if (cached) return cached;
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
  parseCache.set(text, outcome);
  return outcome;
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
  const cached = scanCache.get(text);
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
  scanCache.set(text, tokens);
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
