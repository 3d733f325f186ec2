/**
 * Text -> statements: split the script, parse each statement, and keep every position in
 * document UTF-16 offsets so that rules never deal with bytes or code points.
 */
import type { NodeKind, NodeOf } from './parser';
import { parseStatementText, scanStatementText } from './parser';
import type { Comment, Segment } from './splitter';
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

  constructor(readonly segment: Segment, documentText: string) {
    this.text = documentText.slice(segment.start, segment.end);
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

  /** Scanner tokens of this statement, including comments, in document offsets. */
  tokens(): Token[] {
    return this.source.tokens().filter((token) => token.start >= this.start && token.end <= this.end);
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
}

export function parseScript(text: string): ParsedScript {
  const { segments, comments } = splitSql(text);
  const statements: Statement[] = [];
  const skipped: Segment[] = [];
  for (const segment of segments) {
    if (segment.kind !== 'sql') {
      skipped.push(segment);
      continue;
    }
    const source = new SegmentSource(segment, text);
    const outcome = parseStatementText(source.text);
    if (!outcome.ok) {
      const offset = segment.start + source.mapper.utf16FromCodePoint(outcome.cursor);
      statements.push(
        new Statement(statements.length, undefined, undefined as never, segment.start, segment.end, source, semicolonOf(segment), {
          message: outcome.message,
          offset: Math.min(offset, segment.end),
        }),
      );
      continue;
    }
    outcome.statements.forEach((parsed, position) => {
      const last = position === outcome.statements.length - 1;
      const start = source.toDocument(parsed.byteStart);
      const end =
        parsed.byteLength === undefined ? segment.end : Math.min(segment.end, source.toDocument(parsed.byteStart + parsed.byteLength));
      const semicolon = last ? semicolonOf(segment) : undefined;
      statements.push(new Statement(statements.length, parsed.kind, parsed.node as never, start, trimEnd(text, start, end), source, semicolon));
    });
  }
  return { text, statements, comments, skipped };
}

function semicolonOf(segment: Segment): number | undefined {
  return segment.terminated ? segment.end : undefined;
}

/** Drops trailing whitespace so ranges end on the statement's last character. */
function trimEnd(text: string, start: number, end: number): number {
  let k = end;
  while (k > start && /\s/.test(text[k - 1])) k--;
  return k;
}
