/**
 * Text -> statements: split the script, parse each statement, and keep every position in
 * document UTF-16 offsets so that rules never deal with bytes or code points. A statement that
 * does not parse is cut where a line starts a new one (recoverStatements), so that a half-typed
 * statement does not hide the complete ones after it.
 */
import type { NodeKind, NodeOf, ParseOutcome } from './parser';
import { ownedStatementText, parseStatementText, parserCaching, scanStatementText } from './parser';
import type { Comment, Segment, SplitResult } from './splitter';
import { splitSql } from './splitter';
import { OffsetMapper } from './text';

export interface Token {
  /** Document offsets (UTF-16). */
  start: number;
  end: number;
  text: string;
  tokenName: string;
  keywordName: string;
}

export interface SyntaxError {
  message: string;
  /** Document offset of the error. */
  offset: number;
}

/** One part of the script shared by the statements parsed out of it (almost always one). */
class SegmentSource {
  readonly text: string;
  readonly mapper: OffsetMapper;
  private tokenCache?: Token[];

  /** `text`: the segment's text, best not a slice of the document (see ownedStatementText). */
  constructor(readonly segment: Segment, text: string) {
    this.text = text;
    this.mapper = new OffsetMapper(this.text);
  }

  toDocument(byteOffset: number): number {
    return this.segment.start + this.mapper.utf16FromByte(byteOffset);
  }

  tokens(): Token[] {
    this.tokenCache ??= scanStatementText(this.text).map((token) => ({
      start: this.toDocument(token.byteStart),
      end: this.toDocument(token.byteEnd),
      text: token.text,
      tokenName: token.tokenName,
      keywordName: token.keywordName,
    }));
    return this.tokenCache;
  }
}

export class Statement<K extends NodeKind = NodeKind> {
  constructor(
    /** Position in the file's statement list. */
    readonly index: number,
    /** Node kind, e.g. 'IndexStmt'; undefined for a statement that does not parse. */
    readonly kind: K | undefined,
    readonly node: NodeOf<K>,
    /** Document offsets (UTF-16): first character and end, before any `;`. */
    readonly start: number,
    readonly end: number,
    private readonly source: SegmentSource,
    /** Document offset of the `;` that ends this statement, if one does. */
    readonly semicolon: number | undefined,
    readonly error?: SyntaxError,
  ) {}

  private tokenList?: Token[];

  get text(): string {
    return this.source.text.slice(this.start - this.source.segment.start, this.end - this.source.segment.start);
  }

  is<T extends NodeKind>(kind: T): this is Statement<T> {
    return this.kind === (kind as string);
  }

  /** Document offset of a parse-tree `location` (UTF-8 bytes from the start of the parsed text). */
  offsetOf(location: number | undefined): number {
    return location === undefined || location < 0 ? this.start : this.source.toDocument(location);
  }

  /** Scanner tokens of this statement, including comments, in document offsets (shared: read them, never change the array). */
  tokens(): readonly Token[] {
    if (this.tokenList) return this.tokenList;
    const all = this.source.tokens();
    // most segments hold one statement, which has all of their tokens: share the array
    const whole = all.length === 0 || (all[0].start >= this.start && all[all.length - 1].end <= this.end);
    return (this.tokenList = whole ? all : all.filter((token) => token.start >= this.start && token.end <= this.end));
  }

  /** The token that starts at (or covers) a document offset. */
  tokenAt(offset: number): Token | undefined {
    return this.tokens().find((token) => token.start <= offset && offset < token.end);
  }

  /** End offset of a possibly qualified name (`schema.table`) whose first part starts at `offset`. */
  nameEnd(offset: number): number {
    const tokens = this.tokens();
    let index = tokens.findIndex((token) => token.start <= offset && offset < token.end);
    if (index < 0) return this.end;
    while (tokens[index + 1]?.text === '.' && tokens[index + 2] && tokens[index + 2].start === tokens[index + 1].end) index += 2;
    return tokens[index].end;
  }

  /** The first keyword or identifier token equal (case-insensitively) to `word` at or after `from`. */
  findWord(word: string, from = this.start): Token | undefined {
    const lower = word.toLowerCase();
    return this.tokens().find((token) => token.start >= from && token.text.toLowerCase() === lower);
  }
}

export interface ParsedScript {
  text: string;
  statements: Statement[];
  comments: Comment[];
  /** psql meta-commands and COPY data blocks, which are not SQL statements. */
  skipped: Segment[];
  /** Every text this parse gave the parser (its cache keys): what an editor can forget once a newer version of the document no longer has it. */
  parsedTexts?: ReadonlySet<string>;
  /** The split the statements came from: the next version of the document splits only what an edit touched. */
  split?: SplitResult;
}

/** What parseScript keeps of an earlier version of the document: its text and split (not its statements, tokens and trees). */
export type EarlierScript = Pick<ParsedScript, 'text' | 'split'>;

/** Parses a script; with the parse of an earlier version of the same document, only what the edit touched is split again. */
export function parseScript(text: string, earlier?: EarlierScript, options: { keepStatements?: boolean } = {}): ParsedScript {
  const split = splitSql(text, earlier?.split ? { text: earlier.text, result: earlier.split } : undefined);
  const { segments, comments } = split;
  const statements: Statement[] = [];
  const skipped: Segment[] = [];
  const parsedTexts = new Set<string>();
  let texts: string[] = [];
  // the texts kept (parsedTexts, madeFrom for later versions, the statements' sources) are the
  // parse cache's copies, not slices of this version of the document: a statement reused by later
  // versions (madeFrom) would keep the whole version alive
  const parseOwned = (statementText: string): { outcome: ParseOutcome; owned: string } => {
    const outcome = parseStatementText(statementText);
    const owned = ownedStatementText(statementText);
    parsedTexts.add(owned);
    texts.push(owned);
    return { outcome, owned };
  };
  const parse = (statementText: string): ParseOutcome => parseOwned(statementText).outcome;
  const reuse = (earlier !== undefined || options.keepStatements === true) && parserCaching();
  for (const segment of segments) {
    if (segment.kind !== 'sql') {
      skipped.push(segment);
      continue;
    }
    const known = reuse ? madeFrom.get(segment) : undefined;
    if (known && (known.statements.length === 0 || known.statements[0].index === statements.length)) {
      for (const statement of known.statements) statements.push(statement);
      for (const parsed of known.texts) parsedTexts.add(parsed);
      continue;
    }
    const first = statements.length;
    texts = [];
    const { outcome, owned } = parseOwned(text.slice(segment.start, segment.end));
    const pieces = outcome.ok || !segment.breaks ? [segment] : recoverStatements(text, segment, parse);
    if (pieces.length === 1) addStatements(text, statements, new SegmentSource(segment, owned), outcome);
    else {
      for (const piece of pieces) {
        const parsed = parseOwned(text.slice(piece.start, piece.end));
        addStatements(text, statements, new SegmentSource(piece, parsed.owned), parsed.outcome);
      }
    }
    // only for a document being edited (it has an earlier version) or a large one just opened (keepStatements): a document that is only open keeps no statements
    if (reuse) madeFrom.set(segment, { statements: statements.slice(first), texts });
  }
  return { text, statements, comments, skipped, parsedTexts, split };
}

/**
 * The statements made from a segment and the texts parsed for them. The split of the next version
 * of the document keeps the very segment objects the edit cannot have changed (those before it,
 * at the same offsets: incremental split), so their statements, with their tokens and everything
 * cached on them, are taken as they are (their texts are the parse cache's copies, not slices of
 * the earlier version of the document, so they do not keep that version alive). Kept only for a parse
 * that had an earlier version (a document being edited) or was asked to keep them (a large document
 * an editor just opened), so that the statements of documents that are only open are not held.
 */
const madeFrom = new WeakMap<Segment, { statements: Statement[]; texts: string[] }>();

/** The statements parsed out of one segment, or the one that does not parse. */
function addStatements(text: string, statements: Statement[], source: SegmentSource, outcome: ParseOutcome): void {
  const { segment } = source;
  if (!outcome.ok) {
    const offset = Math.min(segment.end, segment.start + source.mapper.utf16FromCodePoint(outcome.cursor));
    const error = { message: outcome.message, offset };
    statements.push(new Statement(statements.length, undefined, undefined as never, segment.start, segment.end, source, semicolonOf(segment), error));
    return;
  }
  outcome.statements.forEach((parsed, position) => {
    const last = position === outcome.statements.length - 1;
    const start = source.toDocument(parsed.byteStart);
    const end = parsed.byteLength === undefined ? segment.end : Math.min(segment.end, source.toDocument(parsed.byteStart + parsed.byteLength));
    const semicolon = last ? semicolonOf(segment) : undefined;
    statements.push(new Statement(statements.length, parsed.kind, parsed.node as never, start, trimEnd(text, start, end), source, semicolon));
  });
}

/** How many keyword lines one part may run across (UPDATE t / SET ... / WHERE ...), to bound the work. */
const MAX_BREAKS_PER_PART = 16;

/**
 * A statement that does not parse, cut where lines start with a statement keyword, the way a
 * user reads a half-typed statement followed by complete ones. From each keyword line, the
 * shortest run of lines up to a later keyword line (or the end) that parses on its own is a
 * statement of its own; a keyword line from which nothing parses belongs to the broken statement
 * before it (so the syntax error stays on the broken part, and `ALTER TABLE t` / `DROP COLUMN c,`
 * / `DROP COLUMN` stays one broken statement).
 */
function recoverStatements(text: string, segment: Segment, parse: (text: string) => ParseOutcome): Segment[] {
  const breaks = segment.breaks!;
  const endOf = (index: number) => (index + 1 < breaks.length ? breaks[index + 1].before : segment.end);
  const parses = (start: number, end: number) => parse(text.slice(start, end)).ok;
  const pieces: Segment[] = [{ kind: 'sql', start: segment.start, end: breaks[0].before, terminated: false }];
  for (let index = 0; index < breaks.length; ) {
    const start = breaks[index].at;
    let last = index;
    while (last < breaks.length && last - index < MAX_BREAKS_PER_PART && !parses(start, endOf(last))) last++;
    if (last < breaks.length && last - index < MAX_BREAKS_PER_PART) {
      pieces.push({ kind: 'sql', start, end: endOf(last), terminated: false });
      index = last + 1;
    } else {
      pieces[pieces.length - 1].end = endOf(index);
      index++;
    }
  }
  const final = pieces[pieces.length - 1];
  final.terminated = segment.terminated;
  if (segment.unterminated) final.unterminated = segment.unterminated;
  return pieces;
}

function semicolonOf(segment: Segment): number | undefined {
  return segment.terminated ? segment.end : undefined;
}

/** Drops trailing whitespace so ranges end on the statement's last character. */
function trimEnd(text: string, start: number, end: number): number {
  let k = end;
  while (k > start && isSpace(text.charCodeAt(k - 1))) k--;
  return k;
}

/** What `\s` matches: ASCII whitespace, and the Unicode spaces above it. */
function isSpace(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  return code > 127 && /\s/.test(String.fromCharCode(code));
}
