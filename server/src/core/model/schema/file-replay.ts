/**
 * One file's statements replayed on the schema before it, incrementally and lazily: a checkpoint
 * (the state after so many statements) is kept every CHECKPOINT_EVERY statements, keyed by the
 * statements replayed so far (index, kind, document offsets and text: everything a replay reads of
 * them), so that the replay of an edited file starts at the last checkpoint before the first
 * statement that changed, and goes only as far as someone asks (the schema before a statement, or
 * after the whole file). The workspace (one per file of a history) and the engine (for a file the
 * workspace does not replay) share this; a replay from checkpoints gives exactly the state a replay
 * from scratch does.
 */
import type { Statement } from '../../source/document';
import { replayStatement } from './replay';
import type { SchemaState } from './state';
import type { ReplayProblem } from './types';
import { countWhile } from '../../source/sorted';

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
  private file = '';
  /** The statements of the current text, in order. */
  private statements: readonly Statement[] = [];
  private checkpoints: Checkpoint[] = [];
  /**
   * How far the replay has gone: the state after `count` statements and their problems. `shared`:
   * the state is held by a checkpoint or a caller; `problemsShared`: the problems are held by a caller
   * (a checkpoint holds only their count, so a checkpoint does not copy them).
   */
  private frontier?: { count: number; state: SchemaState; problems: ReplayProblem[]; shared: boolean; problemsShared: boolean };
  private outcome?: ReplayOutcome;
  /** The last state stateBefore made behind the frontier (rules ask in statement order). */
  private cursor?: { count: number; state: SchemaState };
  /**
   * Checkpoints are laid only up to this many statements: up to the first statement the last
   * update changed (everything on the first replay). The next keystroke changes the same
   * statement again and drops every checkpoint after it, so laying them there would only copy the
   * state (on lago's structure.sql, ~20 copies of ~100 KB per keystroke in its middle); an edit
   * further down lays those before it then.
   */
  private checkpointUpTo = Infinity;

  /** The whole file replayed on `before`: update, then after. */
  replay(before: SchemaState, file: string, statements: readonly Statement[]): ReplayOutcome {
    this.update(before, file, statements);
    return this.after();
  }

  /**
   * The file's current statements (in order) and the schema before it (shared: never changed):
   * what they leave unchanged of the last replay is kept, nothing is replayed yet.
   */
  update(before: SchemaState, file: string, statements: readonly Statement[]): void {
    if (before !== this.before || file !== this.file || !this.frontier) {
      this.before = before;
      this.file = file;
      this.statements = statements;
      this.checkpoints = [{ count: 0, state: before, problems: 0 }];
      this.frontier = { count: 0, state: before, problems: [], shared: true, problemsShared: false };
      this.outcome = this.cursor = undefined;
      this.checkpointUpTo = Infinity;
      return;
    }
    const same = unchangedCount(this.statements, statements);
    // the same statements again (the workspace and the engine both bring the replay up to date) change nothing
    if (same < this.statements.length || same < statements.length) this.checkpointUpTo = same;
    this.statements = statements;
    if (same === statements.length && this.frontier.count <= same && this.outcome?.after === this.frontier.state) return;
    this.outcome = undefined;
    while (this.checkpoints[this.checkpoints.length - 1].count > same) this.checkpoints.pop();
    if (this.frontier.count > same) {
      const from = this.checkpoints[this.checkpoints.length - 1];
      this.frontier = { count: from.count, state: from.state, problems: this.frontier.problems.slice(0, from.problems), shared: true, problemsShared: false };
    }
    if (this.cursor && this.cursor.count > same) this.cursor = undefined;
  }

  /** The state after every statement, and what the replay could not follow. */
  after(): ReplayOutcome {
    if (!this.outcome) {
      const frontier = this.advance(this.statements.length);
      frontier.shared = frontier.problemsShared = true;
      this.outcome = { after: frontier.state, problems: frontier.problems };
    }
    return this.outcome;
  }

  /**
   * The schema just before the statement with this document index (the statements with a lower
   * index replayed on `before`): shared, never change it.
   */
  stateBefore(statementIndex: number): SchemaState {
    const count = countBelow(this.statements, statementIndex);
    if (!this.frontier || count >= this.frontier.count) {
      const frontier = this.advance(count);
      frontier.shared = true;
      return frontier.state;
    }
    let start: { count: number; state: SchemaState } = this.checkpoints[Math.min(this.checkpoints.length - 1, Math.floor(count / CHECKPOINT_EVERY))];
    if (this.cursor && this.cursor.count <= count && this.cursor.count >= start.count) start = this.cursor;
    if (start.count === count) return start.state;
    const state = start.state.clone();
    for (let i = start.count; i < count; i++) replayStatement(state, this.file, this.statements[i], []);
    this.statementsReplayed += count - start.count;
    this.cursor = { count, state };
    return state;
  }

  /** Replays the frontier up to `count` statements, leaving a checkpoint every CHECKPOINT_EVERY. */
  private advance(count: number): NonNullable<FileReplay['frontier']> {
    const frontier = this.frontier;
    if (!frontier) throw new Error('FileReplay: update before asking for a state');
    for (let i = frontier.count; i < count; i++) {
      // what a checkpoint or a caller holds is never changed: go on with copies
      if (frontier.shared) {
        frontier.state = frontier.state.clone();
        frontier.shared = false;
      }
      if (frontier.problemsShared) {
        frontier.problems = frontier.problems.slice();
        frontier.problemsShared = false;
      }
      replayStatement(frontier.state, this.file, this.statements[i], frontier.problems);
      this.statementsReplayed++;
      frontier.count = i + 1;
      if (frontier.count % CHECKPOINT_EVERY === 0 && frontier.count <= this.checkpointUpTo && this.checkpoints[this.checkpoints.length - 1].count < frontier.count) {
        this.checkpoints.push({ count: frontier.count, state: frontier.state, problems: frontier.problems.length });
        frontier.shared = true;
      }
    }
    return frontier;
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
  return countWhile(statements, (statement) => statement.index < statementIndex);
}
