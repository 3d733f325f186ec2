/** What every replay step needs: the snapshot it changes, where the statement is, and where to note what it could not follow. */
import type { RangeVar } from 'libpg-query';
import type { Statement } from '../../source/document';
import type { WrittenName } from './state';
import { SchemaState, qualify } from './state';
import type { ReplayProblem, SourceRef } from './types';

export class ReplayStep {
  constructor(
    readonly state: SchemaState,
    readonly file: string,
    readonly statement: Statement,
    private readonly problems: ReplayProblem[],
    /**
     * For a statement inside a DO block: parse-tree locations refer to the inner text, so every
     * reference points at the whole block, and problems are not noted (the block's IF decides
     * whether the statement runs at all).
     */
    private readonly nested = false,
  ) {}

  /** A reference to the whole statement, or to the name starting at a parse-tree location. */
  ref(location?: number): SourceRef {
    if (location === undefined || location < 0 || this.nested) return { file: this.file, statement: this.statement.index, start: this.statement.start, end: this.statement.end };
    const start = this.statement.offsetOf(location);
    return { file: this.file, statement: this.statement.index, start, end: this.statement.start + nameEndIn(this.statement.text, start - this.statement.start) };
  }

  problem(message: string): void {
    if (!this.nested) this.problems.push({ at: this.ref(), message });
  }

  /** The key of an existing relation, or undefined (with a problem noted unless `quiet`). */
  relation(written: RangeVar | WrittenName | undefined, quiet = false): string | undefined {
    const name = writtenName(written);
    if (!name) return undefined;
    const key = this.state.resolveRelation(name);
    if (!key && !quiet) this.problem(`"${name.schema ? `${name.schema}.` : ''}${name.name}" does not exist at this point of the history`);
    return key;
  }

  /** The key a new relation of this name gets (its schema from the name, or from search_path). */
  newKey(written: RangeVar | WrittenName): { key: string; schema: string; name: string } {
    const name = writtenName(written)!;
    const schema = 'relpersistence' in written && written.relpersistence === 't' ? 'pg_temp' : this.state.creationSchema(name.schema);
    return { key: qualify(schema, name.name), schema, name: name.name };
  }
}

const IDENTIFIER = /[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/y;

/**
 * Where a possibly qualified name (`app."Orders"`) that starts at `offset` of `text` ends: read off
 * the text, as scanning the statement's tokens for every object would cost more than the replay.
 */
export function nameEndIn(text: string, offset: number): number {
  let at = offset;
  for (;;) {
    if (text[at] === '"') {
      at++;
      while (at < text.length && !(text[at] === '"' && text[at + 1] !== '"')) at += text[at] === '"' ? 2 : 1;
      at = Math.min(text.length, at + 1);
    } else {
      // test, not exec: sticky, it leaves lastIndex at the end of the name and makes no match array (a ref per column per replay)
      IDENTIFIER.lastIndex = at;
      if (!IDENTIFIER.test(text)) return Math.max(at, offset + 1 > text.length ? text.length : at);
      at = IDENTIFIER.lastIndex;
    }
    if (text[at] !== '.' || !/["A-Za-z_\u0080-\uffff]/.test(text[at + 1] ?? '')) return at;
    at++;
  }
}

export function writtenName(written: RangeVar | WrittenName | undefined): WrittenName | undefined {
  if (!written) return undefined;
  if ('relname' in written || 'schemaname' in written) {
    const relation = written as RangeVar;
    return relation.relname ? { schema: relation.schemaname, name: relation.relname } : undefined;
  }
  return written as WrittenName;
}

/** A qualified name list (['app', 'orders'] or ['orders']) as a written name. */
export function nameFromList(names: readonly string[]): WrittenName | undefined {
  if (names.length === 0) return undefined;
  return names.length === 1 ? { name: names[0] } : { schema: names[names.length - 2], name: names[names.length - 1] };
}
