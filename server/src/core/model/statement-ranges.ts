/**
 * Where the parts of a statement that carry no parse-tree `location` are written: top-level
 * comma-separated items, the items of a parenthesized list, a trailing keyword.
 * Everything goes through the scanner tokens, so offsets are document offsets (UTF-16).
 */
import type { Statement, Token } from '../source/document';
import { countWhile } from '../source/sorted';

export interface TextRange {
  start: number;
  end: number;
}

const OPENERS = new Set(['(', '[']);
const CLOSERS = new Set([')', ']']);

function isComment(token: Token): boolean {
  return token.tokenName === 'SQL_COMMENT' || token.tokenName === 'C_COMMENT';
}

/** The tokens of a statement without comments, from a document offset on. */
export function codeTokens(statement: Statement, from = statement.start): Token[] {
  const tokens = codeTokensOf(statement);
  return tokens.slice(countWhile(tokens, (token) => token.start < from));
}

const codeTokenLists = new WeakMap<readonly Token[], Token[]>();

/** A statement's tokens without comments, in order (kept per token list: rules ask for them again and again, and a statement an edit did not move keeps its list). */
function codeTokensOf(statement: Statement): Token[] {
  const all = statement.tokens();
  let tokens = codeTokenLists.get(all);
  if (!tokens) codeTokenLists.set(all, (tokens = all.filter((token) => !isComment(token))));
  return tokens;
}

/** Splits tokens at commas outside parentheses and brackets. */
export function splitAtTopLevelCommas(tokens: readonly Token[]): Token[][] {
  const items: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (OPENERS.has(token.text)) depth++;
    else if (CLOSERS.has(token.text)) depth = Math.max(0, depth - 1);
    else if (token.text === ',' && depth === 0) {
      items.push([]);
      continue;
    }
    items[items.length - 1].push(token);
  }
  return items.filter((item) => item.length > 0);
}

export function rangeOf(tokens: readonly Token[]): TextRange | undefined {
  if (tokens.length === 0) return undefined;
  return { start: tokens[0].start, end: tokens[tokens.length - 1].end };
}

/**
 * The items of the parenthesized list that opens at `open` (a `(` token of `tokens`), as token
 * lists split at top-level commas; undefined when the parenthesis is not closed.
 */
export function parenthesizedItems(tokens: readonly Token[], open: number): Token[][] | undefined {
  if (tokens[open]?.text !== '(') return undefined;
  let depth = 0;
  for (let index = open; index < tokens.length; index++) {
    if (OPENERS.has(tokens[index].text)) depth++;
    else if (CLOSERS.has(tokens[index].text) && --depth === 0) return splitAtTopLevelCommas(tokens.slice(open + 1, index));
  }
  return undefined;
}

/** The last code token of a range that is `word` (case-insensitive), e.g. the CASCADE of a DROP. */
export function lastWordIn(statement: Statement, word: string, range: TextRange = statement): Token | undefined {
  const lower = word.toLowerCase();
  return codeTokens(statement, range.start)
    .filter((token) => token.end <= range.end && token.text.toLowerCase() === lower)
    .pop();
}

/** The range from the statement start to its last code token that is not one of `trailingWords`. */
export function headRange(statement: Statement, trailingWords: readonly string[]): TextRange {
  const tokens = codeTokens(statement);
  const trailing = new Set(trailingWords.map((word) => word.toLowerCase()));
  while (tokens.length > 1 && trailing.has(tokens[tokens.length - 1].text.toLowerCase())) tokens.pop();
  return { start: statement.start, end: tokens.length > 0 ? tokens[tokens.length - 1].end : statement.end };
}

/** Words that continue a type name after its first word: `double precision`, `character varying`, `timestamp (3) with time zone`, `int ARRAY`. */
const TYPE_CONTINUATIONS = new Set(['varying', 'precision', 'array', 'character', 'char']);
const INTERVAL_FIELDS = new Set(['year', 'month', 'day', 'hour', 'minute', 'second', 'to']);

/** The index of the token that closes the bracket opened at `open`, or -1. */
function closingIndex(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let index = open; index < tokens.length; index++) {
    if (OPENERS.has(tokens[index].text)) depth++;
    else if (CLOSERS.has(tokens[index].text) && --depth === 0) return index;
  }
  return -1;
}

/**
 * Where a type name is written, from the parse tree's location of its first word to its last
 * token: a qualified name, modifiers, `with(out) time zone`, interval fields and array bounds
 * (`timestamp(3) without time zone[]`, `public.money_amount`, `interval day to second`).
 */
export function typeNameRange(statement: Statement, location: number | undefined): TextRange | undefined {
  if (location === undefined || location < 0) return undefined;
  const start = statement.offsetOf(location);
  const tokens = codeTokens(statement, start);
  if (tokens[0]?.start !== start) return undefined;
  const first = tokens[0].text.toLowerCase();
  let last = 0;
  for (let index = 1; index < tokens.length; ) {
    const word = tokens[index].text.toLowerCase();
    const next = tokens[index + 1]?.text.toLowerCase();
    let through = -1;
    if (word === '(' || word === '[') through = closingIndex(tokens, index);
    else if (word === '.' && next !== undefined) through = index + 1;
    else if ((word === 'with' || word === 'without') && next === 'time' && tokens[index + 2]?.text.toLowerCase() === 'zone') through = index + 2;
    else if (TYPE_CONTINUATIONS.has(word) || (first === 'interval' && INTERVAL_FIELDS.has(word))) through = index;
    if (through < 0) break;
    last = through;
    index = through + 1;
  }
  return { start, end: tokens[last].end };
}

/** Where an expression that starts at a parse-tree location is written, when it is a name or a call (`gen_random_uuid()`, `public.uuid_generate_v4()`). */
export function callRange(statement: Statement, location: number | undefined): TextRange | undefined {
  if (location === undefined || location < 0) return undefined;
  const start = statement.offsetOf(location);
  const nameEnd = statement.nameEnd(start);
  const tokens = codeTokens(statement, nameEnd);
  if (tokens[0]?.text !== '(') return { start, end: nameEnd };
  const close = closingIndex(tokens, 0);
  return { start, end: close < 0 ? nameEnd : tokens[close].end };
}

/**
 * A schema object's reference as a range to underline: as the model keeps it, but `CONSTRAINT name`
 * for a named constraint (the parse tree locates it at the keyword).
 */
export function objectRange(statement: Statement, ref: TextRange, kind: string): TextRange {
  const token = statement.tokenAt(ref.start);
  if (kind !== 'constraint' || token?.text.toLowerCase() !== 'constraint') return { start: ref.start, end: ref.end };
  const name = statement.tokens().find((candidate) => candidate.start >= token.end);
  return { start: ref.start, end: name ? statement.nameEnd(name.start) : ref.end };
}
