/**
 * One file's names resolved: the file's statements replayed on the schema before it, each mention
 * resolved in the snapshot it reads (a name the statement uses, before it; a name it gives, after
 * it), and the table each DDL statement is about as the statement left it (for document symbols).
 *
 * Work is done for the statements a request needs, not for the whole file: a snapshot is kept
 * every CHECKPOINT statements, so resolving the names of statement k replays at most that many
 * statements once the file has been walked; a new analysis of an edited text reuses the snapshots
 * before the edit. What a statement names is read once per statement text (MentionCache).
 */
import { replayStatement } from '../model/schema/replay';
import type { SchemaState } from '../model/schema/state';
import type { IndexModel, RelationModel, ReplayProblem } from '../model/schema/types';
import type { ParsedMigration } from '../model/schema/workspace';
import type { Statement } from '../source/document';
import type { Mention } from './mentions';
import { mentionsOf } from './mentions';
import type { SchemaObject } from './resolve';
import { identityOf, resolveIn } from './resolve';

export interface ResolvedMention extends Mention {
  object?: SchemaObject;
  /** identityOf(object): equal for every mention of the same object, in any file of the history. */
  identity?: string;
}

/** The table a DDL statement is about, as the statement left it. */
export interface StatementTarget {
  key: string;
  relation: RelationModel;
  indexes: IndexModel[];
}

const CHECKPOINT = 64;
const TARGETED = new Set(['CreateStmt', 'CreateForeignTableStmt', 'AlterTableStmt', 'IndexStmt']);

/** Mentions by statement text, with offsets relative to the statement's start: an edit elsewhere in the file does not change them. */
class MentionCache {
  private readonly entries = new Map<string, Mention[]>();
  constructor(private readonly capacity: number) {}

  of(statement: Statement): Mention[] {
    const key = `${statement.kind}\u0000${statement.text}`;
    let relative = this.entries.get(key);
    if (relative) {
      this.entries.delete(key);
    } else {
      relative = mentionsOf(statement).map((mention) => shift(mention, -statement.start));
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, relative);
    return relative.map((mention) => ({ ...shift(mention, statement.start), statement: statement.index }));
  }
}

function shift(mention: Mention, by: number): Mention {
  const extent = mention.extent && { start: mention.extent.start + by, end: mention.extent.end + by };
  return { ...mention, start: mention.start + by, end: mention.end + by, from: mention.from + by, extent };
}

const mentionCache = new MentionCache(20_000);

export class FileAnalysis {
  /** checkpoints[j]: the schema before statement j * CHECKPOINT (shared: never changed). */
  private checkpoints: SchemaState[];
  private readonly resolved = new Map<number, ResolvedMention[]>();
  private readonly targets = new Map<number, StatementTarget>();
  private readonly up: Set<Statement>;
  private afterState?: SchemaState;

  constructor(
    readonly file: string,
    readonly migration: ParsedMigration,
    /** The schema before the file (shared: never changed). */
    readonly before: SchemaState,
    previous?: FileAnalysis,
  ) {
    this.up = new Set(migration.upStatements);
    this.checkpoints = [before];
    if (previous && previous.before === before) this.keepUnchanged(previous);
  }

  get text(): string {
    return this.migration.text;
  }

  get statements(): readonly Statement[] {
    return this.migration.script.statements;
  }

  /** The resolved mentions of one statement. */
  mentionsIn(index: number): ResolvedMention[] {
    return this.mentionsWhere((statement) => statement.index === index, index, index);
  }

  /** The resolved mentions of the statements `wanted` picks (between `from` and `to`), in text order. */
  mentionsWhere(wanted: (statement: Statement) => boolean, from = 0, to = this.statements.length - 1): ResolvedMention[] {
    const picked = this.statements.slice(from, to + 1).filter((statement) => statement.kind && wanted(statement));
    const missing = picked.filter((statement) => !this.resolved.has(statement.index));
    if (missing.length > 0) {
      const needed = new Set(missing.map((statement) => statement.index));
      this.walk(missing[0].index, missing[missing.length - 1].index + 1, (statement, state, applyIt) => {
        if (!needed.has(statement.index)) return applyIt();
        this.resolve(statement, state, applyIt);
      });
    }
    return picked.flatMap((statement) => this.resolved.get(statement.index) ?? []);
  }

  /** The table a CREATE TABLE, ALTER TABLE or CREATE INDEX is about (after mentionsIn / mentionsWhere reached it). */
  target(index: number): StatementTarget | undefined {
    return this.targets.get(index);
  }

  /** The schema before statement `index`: a copy the caller may keep. */
  stateBefore(index: number): SchemaState {
    let result: SchemaState | undefined;
    this.walk(index, index, undefined, (state) => (result = state));
    return result!;
  }

  /** The schema after the file (shared: never changed). */
  get after(): SchemaState {
    if (!this.afterState) this.walk(this.statements.length, this.statements.length, undefined, (state) => (this.afterState = state));
    return this.afterState!;
  }

  private resolve(statement: Statement, state: SchemaState, applyIt: () => void): void {
    const found = mentionCache.of(statement);
    const earlier = found.map((mention) => resolveIn(state, mention));
    applyIt();
    const mentions = found.map((mention, position): ResolvedMention => {
      const later = earlier[position] && !mention.defines ? undefined : resolveIn(state, mention);
      const object = mention.defines ? (later ?? earlier[position]) : (earlier[position] ?? later);
      return object ? { ...mention, object, identity: identityOf(object) } : mention;
    });
    this.resolved.set(statement.index, mentions);
    if (!TARGETED.has(statement.kind!)) return;
    const subject = found.find((mention) => mention.kind === 'relation' && (statement.kind === 'IndexStmt' || mention.action !== undefined));
    const key = subject && state.resolveRelation({ schema: subject.schema, name: subject.name });
    const relation = key ? state.relations.get(key) : undefined;
    if (key && relation) this.targets.set(statement.index, { key, relation, indexes: state.indexesOf(key) });
  }

  /**
   * Replays from the last checkpoint at or before `from` up to statement `to` (exclusive), calling
   * `visit` for each statement from `from` on (it must call applyIt once, to replay the statement);
   * `done` receives the state before statement `to`, which nothing else holds.
   */
  private walk(from: number, to: number, visit?: (statement: Statement, state: SchemaState, applyIt: () => void) => void, done?: (state: SchemaState) => void): void {
    const start = Math.min(this.checkpoints.length - 1, Math.floor(from / CHECKPOINT));
    const state = this.checkpoints[start].clone();
    const problems: ReplayProblem[] = [];
    for (let index = start * CHECKPOINT; index < to; index++) {
      if (index > 0 && index % CHECKPOINT === 0 && this.checkpoints.length === index / CHECKPOINT) this.checkpoints.push(state.clone());
      const statement = this.statements[index];
      const applyIt = (): void => {
        if (this.up.has(statement)) replayStatement(state, this.file, statement, problems);
      };
      if (visit && index >= from && statement.kind) visit(statement, state, applyIt);
      else applyIt();
    }
    if (to > 0 && to % CHECKPOINT === 0 && this.checkpoints.length === to / CHECKPOINT && to <= this.statements.length) this.checkpoints.push(state.clone());
    done?.(state);
  }

  /**
   * What an analysis of the text before an edit found about the statements before the edited
   * character holds here too: the same statements at the same offsets, replayed on the same schema.
   */
  private keepUnchanged(previous: FileAnalysis): void {
    const old = previous.text;
    const text = this.text;
    let same = 0;
    const limit = Math.min(old.length, text.length);
    while (same < limit && old.charCodeAt(same) === text.charCodeAt(same)) same++;
    // a statement counts as unchanged when it ends (with its `;` and the line break after it) before the edit
    const unchanged = (index: number): boolean => {
      const statement = previous.statements[index];
      return statement !== undefined && (statement.semicolon ?? statement.end) + 2 <= same;
    };
    this.checkpoints = previous.checkpoints.slice(0, 1);
    for (let j = 1; j < previous.checkpoints.length && unchanged(j * CHECKPOINT - 1); j++) this.checkpoints.push(previous.checkpoints[j]);
    for (const [index, mentions] of previous.resolved) if (unchanged(index)) this.resolved.set(index, mentions);
    for (const [index, target] of previous.targets) if (unchanged(index)) this.targets.set(index, target);
  }

}
