/**
 * An Alembic function (upgrade or downgrade) as the SQL script Alembic would run: every op.* call
 * rendered (alembic-sql.ts), `COMMIT` / `BEGIN` around autocommit blocks as Alembic's offline mode
 * writes them, parsed by the SQL pipeline into ordinary Statements. A source map takes any range of
 * that script back to the Python range it came from.
 */
import type { ParsedScript } from '../document';
import { parseScript } from '../document';
import type { RenderedStatement, SqlPiece } from './alembic-sql';
import { renderCall } from './alembic-sql';
import type { AutocommitBlock, MigrationFunction, OpCall } from './revision';
import type { Span } from './syntax';

interface MappedPiece extends SqlPiece {
  /** Offsets of the piece in the script. */
  start: number;
  end: number;
}

export interface MappedStatement extends Span {
  /** The call the statement was rendered from; undefined for the COMMIT / BEGIN of an autocommit block. */
  call?: OpCall;
  /** Where findings on this statement go when no finer range maps. */
  origin: Span;
  /** True when the SQL is the text of a string argument (op.execute), not rendered from arguments. */
  fromString: boolean;
}

export interface VirtualScript {
  text: string;
  script: ParsedScript;
  /** The function's calls that rendered nothing (not static, or an operation with no SQL). */
  unmapped: OpCall[];
  /** Maps a range of the script to the Python document, or undefined outside every rendered statement. */
  toPython(start: number, end: number): Span | undefined;
  /** The rendered statement a script offset belongs to. */
  statementAt(offset: number): MappedStatement | undefined;
  /**
   * A text edit of the script as the same edit of the Python string it falls in, when it maps
   * exactly: inside one string literal, over characters written as themselves, with a new text
   * that needs no escaping there. Undefined otherwise (edits of rendered op.* SQL never map).
   */
  toPythonEdit(edit: TextEdit): TextEdit | undefined;
}

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** The marker `FileModel` reads to treat what follows as a down migration (as in `alembic downgrade --sql`). */
const DOWNGRADE_MARKER = '-- Running downgrade\n\n';

export function virtualScript(fn: MigrationFunction): VirtualScript {
  let text = fn.name === 'downgrade' ? DOWNGRADE_MARKER : '';
  const pieces: MappedPiece[] = [];
  const statements: MappedStatement[] = [];
  const unmapped: OpCall[] = [];
  let block: AutocommitBlock | undefined;

  const emit = (parts: SqlPiece[], call: OpCall | undefined, origin: Span, fromString: boolean): void => {
    const start = text.length;
    for (const part of parts) {
      pieces.push({ ...part, start: text.length, end: text.length + part.text.length });
      text += part.text;
    }
    statements.push({ start, end: text.length, call, origin, fromString });
    // a newline first, so that a string ending in a -- comment does not swallow the terminator
    text += fromString ? '\n;\n\n' : ';\n\n';
  };
  const switchBlock = (next: AutocommitBlock | undefined): void => {
    if (next === block) return;
    if (block) emit([{ text: 'BEGIN', origin: block.header }], undefined, block.header, false);
    if (next) emit([{ text: 'COMMIT', origin: next.header }], undefined, next.header, false);
    block = next;
  };

  for (const call of fn.calls) {
    const rendered: RenderedStatement[] | undefined = renderCall(call);
    if (!rendered) {
      unmapped.push(call);
      continue;
    }
    switchBlock(call.autocommit);
    for (const statement of rendered) emit(statement.pieces, call, call, call.name === 'execute');
  }
  switchBlock(undefined);

  const script = parseScript(text);
  const pieceAt = (offset: number): MappedPiece | undefined => {
    let low = 0;
    let high = pieces.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (pieces[mid].end <= offset) low = mid + 1;
      else if (pieces[mid].start > offset) high = mid - 1;
      else return pieces[mid];
    }
    return undefined;
  };
  const statementAt = (offset: number): MappedStatement | undefined => statements.find((statement) => statement.start <= offset && offset <= statement.end);

  const toPythonEdit = (edit: TextEdit): TextEdit | undefined => {
    const piece = pieceAt(edit.start < edit.end ? edit.start : Math.max(edit.start - 1, 0));
    const string = piece?.string;
    if (!piece || !string || edit.end > piece.end || edit.start < piece.start) return undefined;
    const first = edit.start - piece.start;
    const last = edit.end - piece.start; // exclusive
    for (let unit = first; unit < last; unit++) {
      if (!string.verbatim[unit] || (unit > first && string.from[unit] !== string.to[unit - 1])) return undefined;
    }
    const start = first < string.value.length ? string.from[first] : string.to[first - 1];
    const end = last > first ? string.to[last - 1] : start;
    const literal = string.pieces.find((candidate) => candidate.contentStart <= start && end <= candidate.contentEnd);
    if (!literal || (first > 0 && first < string.value.length && last === first && string.from[first] !== string.to[first - 1])) return undefined;
    const forbidden = ['\\', '\r', literal.quote[0], ...(literal.quote.length === 1 ? ['\n'] : []), ...(literal.format ? ['{', '}'] : [])];
    if (forbidden.some((character) => edit.newText.includes(character))) return undefined;
    return { start, end, newText: edit.newText };
  };

  return {
    text,
    script,
    unmapped,
    statementAt,
    toPythonEdit,
    toPython(start: number, end: number): Span | undefined {
      const owner = statementAt(start) ?? statementAt(Math.max(start, end - 1));
      if (!owner) return undefined;
      if (start <= owner.start && end >= owner.end) return owner.origin; // the whole statement: the whole call
      const first = pieceAt(Math.min(Math.max(start, owner.start), owner.end - 1));
      const last = pieceAt(Math.min(Math.max(end - 1, owner.start), owner.end - 1));
      // a range that starts or ends in SQL only the call as a whole stands for (keywords Alembic adds) is the call
      if (!first || !last || isWhole(first.origin, owner.origin) || isWhole(last.origin, owner.origin)) return owner.origin;
      const from = first.string ? first.string.from[start - first.start] ?? first.origin.start : first.origin.start;
      let to = last.string ? last.string.to[Math.max(end - 1, last.start) - last.start] ?? last.origin.end : last.origin.end;
      // a range from a piece rendered from an expression to a piece from inside it covers the whole expression
      // (the SQL of sa.ForeignKey("t.id") ends in a piece of its string: the range ends at the ")")
      if (!first.string && last.origin.start >= first.origin.start && last.origin.end <= first.origin.end) to = Math.max(to, first.origin.end);
      return to > from ? { start: from, end: to } : owner.origin;
    },
  };
}

function isWhole(origin: Span, owner: Span): boolean {
  return origin.start === owner.start && origin.end === owner.end;
}
