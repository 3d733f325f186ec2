/**
 * One file's statements replayed on the schema before it, incrementally: a checkpoint (the state
 * after so many statements) is kept every CHECKPOINT_EVERY statements, keyed by the statements
 * replayed so far (index, kind, document offsets and text: everything a replay reads of them), so
 * that the replay of an edited file starts at the last checkpoint before the first statement that
 * changed. The workspace (one per file of a history) and the engine (for a file the workspace does
 * not replay) share this; a replay from checkpoints gives exactly the state a replay from scratch does.
 */
import type { Statement } from '../../source/document';
import { replayStatement } from './replay';
import type { SchemaState } from './state';
import type { ReplayProblem } from './types';

/**
 * Statements between checkpoints: an edit replays at most this many statements again before it
 * reaches the edited one; a checkpoint costs a copy of the state's maps (about 0.1 ms and 100 KB
 * on lago's 534 KB structure.sql, whose 2,700 statements take about 40 ms to replay).
 */
export const CHECKPOINT_EVERY = 64;

interface Checkpoint {
  /** How many of the statements it is after. */
  count: number;
  /** Shared: never changed. */
  state: SchemaState;
  /** How many problems those statements noted. */
  problems: number;
}

export interface ReplayOutcome {
  /** The state after every statement (shared: read it, never change it). */
  after: SchemaState;
  problems: readonly ReplayProblem[];
}

export class FileReplay {
  /** How many statements this replay applied (tests use it to show what an edit replays). */
  statementsReplayed = 0;
  private before?: SchemaState;
  private file?: string;
  /** The statements of the last replay, in order. */
  private statements: readonly Statement[] = [];
  private checkpoints: Checkpoint[] = [];
  private problems: ReplayProblem[] = [];
  private outcome?: ReplayOutcome;
  /** The last state stateBefore made between checkpoints (rules ask in statement order). */
  private cursor?: { count: number; state: SchemaState };

  /** Replays `statements` (in order) on `before` (shared: never changed), from the last checkpoint they leave unchanged. */
  replay(before: SchemaState, file: string, statements: readonly Statement[]): ReplayOutcome {
    if (before !== this.before || file !== this.file) {
      this.before = before;
      this.file = file;
      this.statements = [];
      this.checkpoints = [{ count: 0, state: before, problems: 0 }];
      this.problems = [];
      this.outcome = undefined;
    }
    const same = unchangedCount(this.statements, statements);
    if (this.outcome && same === statements.length && same === this.statements.length) {
      this.statements = statements;
      return this.outcome;
    }
    while (this.checkpoints[this.checkpoints.length - 1].count > same) this.checkpoints.pop();
    this.cursor = undefined;
    const from = this.checkpoints[this.checkpoints.length - 1];
    const problems = this.problems.slice(0, from.problems);
    let state = from.state.clone();
    for (let i = from.count; i < statements.length; i++) {
      replayStatement(state, file, statements[i], problems);
      this.statementsReplayed++;
      if ((i + 1) % CHECKPOINT_EVERY === 0 && i + 1 < statements.length) {
        this.checkpoints.push({ count: i + 1, state, problems: problems.length });
        state = state.clone();
      }
    }
    this.statements = statements;
    this.problems = problems;
    this.outcome = { after: state, problems };
    return this.outcome;
  }

  /**
   * The schema just before the statement with this document index (the statements of the last
   * replay with a lower index replayed on `before`): shared, never change it. Call replay first.
   */
  stateBefore(statementIndex: number): SchemaState {
    if (!this.outcome || !this.before) throw new Error('FileReplay.stateBefore before replay');
    const count = countBelow(this.statements, statementIndex);
    if (count === this.statements.length) return this.outcome.after;
    let start: { count: number; state: SchemaState } = this.checkpoints[Math.min(this.checkpoints.length - 1, Math.floor(count / CHECKPOINT_EVERY))];
    if (this.cursor && this.cursor.count <= count && this.cursor.count >= start.count) start = this.cursor;
    if (start.count === count) return start.state;
    const state = start.state.clone();
    for (let i = start.count; i < count; i++) replayStatement(state, this.file!, this.statements[i], []);
    this.statementsReplayed += count - start.count;
    this.cursor = { count, state };
    return state;
  }
}

/** How many statements at the start of `next` a replay reads exactly as those of `previous`. */
function unchangedCount(previous: readonly Statement[], next: readonly Statement[]): number {
  const limit = Math.min(previous.length, next.length);
  let same = 0;
  while (same < limit && sameForReplay(previous[same], next[same])) same++;
  return same;
}

function sameForReplay(a: Statement, b: Statement): boolean {
  return a === b || (a.index === b.index && a.start === b.start && a.end === b.end && a.kind === b.kind && a.text === b.text);
}

/** How many of the statements (in document order) have an index below `statementIndex`. */
function countBelow(statements: readonly Statement[], statementIndex: number): number {
  let low = 0;
  let high = statements.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (statements[middle].index < statementIndex) low = middle + 1;
    else high = middle;
  }
  return low;
}
