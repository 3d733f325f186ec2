/**
 * The workspace's migration histories and the schema each one builds, kept up to date as files
 * change. Pure: the language server and the CLI feed it file texts; nothing here reads the disk.
 *
 * A snapshot of the schema before each file of a history is kept once computed, so that linting
 * file k replays only file k itself; changing file k drops the snapshots after it, and the state
 * after the whole history is rebuilt from the snapshot at k only when something asks for it.
 * Inside a file, replays start at the last checkpoint before the first statement that changed
 * (file-replay.ts), so an edit near the end of a large file replays little of it.
 */
import { resolveSettings } from '../../config';
import type { ParsedScript, Statement } from '../../source/document';
import { parseScript } from '../../source/document';
import type { Span } from '../../source/python/syntax';
import { FileModel } from '../file-model';
import type { RevisionEntry } from '../revision-graph';
import { ancestorFiles, parseRevisionMigration, revisionOrder } from './alembic-history';
import type { CommittedFiles } from './committed';
import type { History, HistoryOverride } from './layout';
import { detectHistories, isPythonPath } from './layout';
import type { ReplayOutcome } from './file-replay';
import { FileReplay } from './file-replay';
import { replayStatements } from './replay';
import type { Rollback } from './rollback';
import { rollbackOf } from './rollback';
import { SchemaState } from './state';
import type { ReplayProblem } from './types';
import type { DriftTarget } from './view';

/** What a file contributes to a replay: its up statements, parsed once per text. */
export interface ParsedMigration {
  text: string;
  script: ParsedScript;
  /** The statements a replay applies: not those of a down section or down file, not transaction control. */
  upStatements: Statement[];
  /**
   * Alembic revisions: `script` is upgrade() rendered as SQL (offsets in that text; `toDocument` maps
   * them to the Python source), and the revision's place in the graph.
   */
  revision?: RevisionEntry;
  dependsOn?: string[];
  toDocument?(start: number, end: number): Span | undefined;
  /** The statements of a down file or of dbmate's `-- migrate:down` section, unparsable ones too (they never enter the replay). */
  downStatements: Statement[];
  /** True when the file has dbmate's `-- migrate:down` section (possibly empty). */
  downSection: boolean;
}

const HEAD_BYTES = 4000;
const DBMATE_DOWN = /^--\s*migrate:down\b/;
const PG_DUMP = /^--\s*PostgreSQL database dump\s*$|^SET statement_timeout = 0;\s*\r?\nSET lock_timeout = 0;/m;

/** True for pg_dump output, read from the start of the text (the file model reads the statements the same way). */
export function looksLikeDump(text: string): boolean {
  return PG_DUMP.test(text.slice(0, HEAD_BYTES));
}

export function parseMigration(path: string, text: string): ParsedMigration {
  if (isPythonPath(path)) return parseRevisionMigration(path, text);
  const script = parseScript(text);
  return migrationOf(text, script, new FileModel(text, script.statements, script.comments, resolveSettings(), path));
}

/** A SQL file's parse as a migration: its up statements (those the replay runs) and its down. */
export function migrationOf(text: string, script: ParsedScript, model: FileModel): ParsedMigration {
  const upStatements = script.statements.filter((statement) => statement.kind && model.direction(statement) === 'up');
  const downStatements = script.statements.filter((statement) => model.direction(statement) === 'down');
  const downSection = text.includes('migrate:down') && script.comments.some((comment) => DBMATE_DOWN.test(text.slice(comment.start, comment.end)));
  return { text, script, upStatements, downStatements, downSection };
}

/** The workspace's part of one lint: see SchemaWorkspace.inputFor. */
export interface SchemaInput {
  file: string;
  /** Shared: read it, never change it. */
  before: SchemaState;
  replayRest(after: SchemaState): SchemaState;
  /**
   * When `text` is the text the workspace holds for the file: the workspace's replay of it, brought
   * up to the file's statements but not run yet (after() runs it, once for every file that asks), so
   * the engine need not replay the file again. `parsed`, the engine's parse of the same text, is
   * kept as the workspace's, so that the file is split and parsed once.
   */
  replayed?(text: string, parsed?: ParsedMigration): { replay?: FileReplay; after: () => ReplayOutcome; final: () => SchemaState } | undefined;
  /** The file's replay checkpoints, for a replay the engine does itself (a text the workspace does not hold, a file outside any history). */
  replay?: FileReplay;
  history?: History;
  index: number;
  driftAgainst?: () => DriftTarget;
  /** The file's up migration and its down, `text` being the file's text (see rollback.ts). */
  rollback?(text: string): Rollback | undefined;
  /** What git says about the files of the history; absent outside a repository. */
  committed?: CommittedFiles;
}

interface HistoryState {
  history: History;
  /** snapshots[i]: the schema before files[i] (snapshots[0] is empty). */
  snapshots: Array<SchemaState | undefined>;
  problems: Map<string, readonly ReplayProblem[]>;
  final?: SchemaState;
  /** Alembic: each revision's ancestors; a revision on a branch is replayed on its ancestors alone. */
  ancestors?: Map<string, Set<string>>;
  branchBefore?: Map<string, SchemaState>;
}

export interface HistoryPosition {
  history: History;
  /** The file's index in history.files; -1 for a down migration or a drift target. */
  index: number;
}

/** The relations (and types) a file creates and those it names otherwise, by unqualified name. */
function namesOfFile(migration: ParsedMigration | undefined): { creates: Set<string>; uses: Set<string> } {
  const creates = new Set<string>();
  const uses = new Set<string>();
  for (const statement of migration?.upStatements ?? []) {
    const created = createdName(statement);
    if (created) creates.add(created);
    const visit = (value: unknown): void => {
      if (!value || typeof value !== 'object') return;
      if (Array.isArray(value)) return value.forEach(visit);
      const record = value as Record<string, unknown>;
      // a RangeVar, wrapped in a Node ({ RangeVar: ... }) or as a field of its statement (relation: { relname })
      if (typeof record.relname === 'string') uses.add(record.relname);
      for (const child of Object.values(record)) visit(child);
    };
    visit(statement.node);
  }
  for (const name of creates) uses.delete(name);
  return { creates, uses };
}

function createdName(statement: Statement): string | undefined {
  if (statement.is('CreateStmt')) return statement.node.relation?.relname;
  if (statement.is('ViewStmt')) return statement.node.view?.relname;
  if (statement.is('CreateSeqStmt')) return statement.node.sequence?.relname;
  if (statement.is('CreateTableAsStmt')) return statement.node.into?.rel?.relname;
  return undefined;
}

/**
 * Schema files loaded together (CreateTables.sql, CreateIndexes.sql, CreateFKConstraints.sql):
 * a file after every file that creates a table it uses, otherwise in name order.
 */
export function dependencyOrder(files: History['files'], migration: (path: string) => ParsedMigration | undefined): History['files'] {
  const names = new Map(files.map((file) => [file.path, namesOfFile(migration(file.path))]));
  const creator = new Map<string, string>();
  for (const file of files) for (const name of names.get(file.path)!.creates) if (!creator.has(name)) creator.set(name, file.path);
  const dependsOn = new Map(files.map((file) => [file.path, new Set([...names.get(file.path)!.uses].map((name) => creator.get(name)).filter((path): path is string => !!path && path !== file.path))]));
  const result: History['files'] = [];
  const placed = new Set<string>();
  const remaining = [...files];
  while (remaining.length > 0) {
    // the first file (in name order) whose dependencies are placed; a cycle falls back to name order
    const next = remaining.find((file) => [...dependsOn.get(file.path)!].every((path) => placed.has(path))) ?? remaining[0];
    result.push(next);
    placed.add(next.path);
    remaining.splice(remaining.indexOf(next), 1);
  }
  return result;
}

/** What of an Alembic revision decides the order of its history. */
function graphKey(migration: ParsedMigration | undefined): string {
  const entry = migration?.revision;
  return entry ? JSON.stringify([entry.id, entry.downRevisions, migration.dependsOn ?? []]) : '';
}

export class SchemaWorkspace {
  /** How many file replays ran (tests use it to show that an edit replays only what depends on it). */
  filesReplayed = 0;
  private readonly texts = new Map<string, string>();
  private readonly parsed = new Map<string, ParsedMigration>();
  private historyStates: HistoryState[] | undefined;
  private readonly byFile = new Map<string, HistoryState>();
  /** What git says about a file's repository (set by the CLI and the language server); none outside one. */
  committedFiles?: (path: string) => CommittedFiles | undefined;
  /** Replay checkpoints per file (file-replay.ts). */
  private readonly replays = new Map<string, FileReplay>();

  constructor(private overrides: readonly HistoryOverride[] = []) {}

  setOverrides(overrides: readonly HistoryOverride[]): void {
    if (JSON.stringify(overrides) === JSON.stringify(this.overrides)) return;
    this.overrides = overrides;
    this.historyStates = undefined;
  }

  /** Adds or changes a file; returns false when its text is unchanged. */
  setFile(path: string, text: string): boolean {
    const previous = this.texts.get(path);
    if (previous === text) return false;
    const graphBefore = isPythonPath(path) && previous !== undefined ? graphKey(this.migration(path)) : undefined;
    this.texts.set(path, text);
    this.parsed.delete(path);
    const state = this.historyStates && this.byFile.get(path);
    // an Alembic revision that changes its id or down_revision changes the order of its history
    const reordered = isPythonPath(path) && graphKey(this.migration(path)) !== graphBefore;
    if (previous === undefined || !state || reordered || looksLikeDump(previous) !== looksLikeDump(text)) this.historyStates = undefined;
    else this.invalidateFrom(state, path);
    return true;
  }

  deleteFile(path: string): void {
    if (!this.texts.delete(path)) return;
    this.parsed.delete(path);
    this.replays.delete(path);
    this.historyStates = undefined;
  }

  hasFile(path: string): boolean {
    return this.texts.has(path);
  }

  paths(): string[] {
    return [...this.texts.keys()];
  }

  histories(): History[] {
    return this.states().map((state) => state.history);
  }

  /** The history a file belongs to (as a migration, a down migration or a drift target). */
  positionOf(path: string): HistoryPosition | undefined {
    const state = this.states() && this.byFile.get(path);
    if (!state) return undefined;
    return { history: state.history, index: state.history.files.findIndex((file) => file.path === path) };
  }

  /** The parsed file, for replays and for editor features; cached per text. */
  migration(path: string): ParsedMigration | undefined {
    const text = this.texts.get(path);
    if (text === undefined) return undefined;
    let parsed = this.parsed.get(path);
    if (!parsed || parsed.text !== text) {
      parsed = parseMigration(path, text);
      this.parsed.set(path, parsed);
    }
    return parsed;
  }

  /** The file parsed as `text` when given (the text being linted), else as the workspace holds it. */
  parsedAs(path: string, text?: string): ParsedMigration | undefined {
    if (text === undefined || text === this.texts.get(path)) return this.migration(path);
    return parseMigration(path, text);
  }

  /** The schema before `path` runs: the earlier files of its history replayed (empty for a file outside any history). */
  before(path: string): SchemaState {
    return this.sharedBefore(path)?.clone() ?? new SchemaState();
  }

  /**
   * The snapshot before `path` itself, shared: read it, never change it. The same object until a
   * file before `path` changes, so callers may cache what they derive from it. Undefined outside a history.
   */
  sharedBefore(path: string): SchemaState | undefined {
    const position = this.positionOf(path);
    if (!position || position.index < 0) return undefined;
    const state = this.byFile.get(path)!;
    return this.branchBefore(state, path, position.index) ?? this.snapshot(state, position.index);
  }

  /** The later files of `path`'s history replayed on top of `after` (the schema after `path` itself). */
  replayRest(path: string, after: SchemaState): SchemaState {
    const position = this.positionOf(path);
    if (!position || position.index < 0) return after;
    const state = after.clone();
    const ancestors = this.branchBefore(this.byFile.get(path)!, path, position.index) && this.byFile.get(path)!.ancestors?.get(path);
    // on an Alembic branch, the revisions of other branches placed before this one come after it
    const rest = position.history.files.filter((file, index) => (ancestors ? file.path !== path && !ancestors.has(file.path) : index > position.index));
    for (const file of rest) this.replayInto(state, file.path);
    return state;
  }

  /** The schema the whole history leaves behind. */
  final(history: History): SchemaState {
    const state = this.states().find((candidate) => candidate.history === history);
    if (!state) return new SchemaState();
    if (!state.final) {
      const last = history.files.length;
      state.final = last === 0 ? new SchemaState() : this.snapshotAfterLast(state);
    }
    return state.final;
  }

  /**
   * What the engine needs to give a rule the schema around `path`: the schema before it, how to
   * replay the rest of its history after it, and for a pg_dump beside migrations the schema they build.
   */
  inputFor(path: string): SchemaInput {
    const position = this.positionOf(path);
    const drift = position && position.history.dumps.includes(path) ? position.history : undefined;
    const driftHistory = drift ?? this.states().find((state) => state.history.dumps.includes(path))?.history;
    return {
      file: path,
      before: this.sharedBefore(path) ?? new SchemaState(),
      replayRest: (after) => this.replayRest(path, after),
      replayed: (text, parsed) => {
        if (!position || position.index < 0 || this.texts.get(path) !== text) return undefined;
        if (parsed?.text === text && this.parsed.get(path)?.text !== text) this.parsed.set(path, parsed);
        const state = this.byFile.get(path)!;
        if (this.branchBefore(state, path, position.index)) return undefined;
        const replay = this.replayOf(path);
        replay.update(this.snapshot(state, position.index), path, this.migration(path)!.upStatements);
        return {
          replay,
          after: () => ({ after: this.snapshot(state, position.index + 1), problems: state.problems.get(path) ?? [] }),
          final: () => this.final(position.history),
        };
      },
      replay: this.replayOf(path),
      history: position?.history,
      index: position?.index ?? -1,
      driftAgainst: driftHistory ? () => ({ history: driftHistory, final: this.final(driftHistory), problems: driftHistory.files.flatMap((file) => this.problems(file.path)) }) : undefined,
      rollback: (text) => rollbackOf(this, path, text),
      committed: this.committedFiles?.(path),
    };
  }

  /** What the replay could not follow in a file (names that do not exist at that point, and the like). */
  problems(path: string): readonly ReplayProblem[] {
    const state = this.states() && this.byFile.get(path);
    if (!state) return [];
    this.final(state.history);
    return state.problems.get(path) ?? [];
  }

  private snapshotAfterLast(state: HistoryState): SchemaState {
    return this.snapshot(state, state.history.files.length);
  }

  /**
   * The schema before files[index] (after the last file for index = files.length), from the nearest
   * snapshot before it. Snapshots are shared: callers read them, and clone before changing one.
   */
  private snapshot(state: HistoryState, index: number): SchemaState {
    let start = index;
    while (start > 0 && !state.snapshots[start]) start--;
    let current = state.snapshots[start] ?? new SchemaState();
    state.snapshots[start] = current;
    for (let i = start; i < index; i++) {
      const { after, problems } = this.replayFile(current, state.history.files[i].path);
      state.problems.set(state.history.files[i].path, problems);
      state.snapshots[i + 1] = after;
      current = after;
    }
    return current;
  }

  /**
   * Alembic: the schema before a revision whose ancestors are not all the revisions placed before it
   * (it is on a branch): its ancestors replayed alone. Undefined when the snapshot before it serves.
   */
  private branchBefore(state: HistoryState, path: string, index: number): SchemaState | undefined {
    const ancestors = state.ancestors?.get(path);
    if (!ancestors || (ancestors.size === index && state.history.files.slice(0, index).every((file) => ancestors.has(file.path)))) return undefined;
    state.branchBefore ??= new Map();
    let before = state.branchBefore.get(path);
    if (!before) {
      before = new SchemaState();
      for (const file of state.history.files.slice(0, index)) if (ancestors.has(file.path)) this.replayInto(before, file.path);
      state.branchBefore.set(path, before);
    }
    return before;
  }

  /** A history file's up statements replayed onto a state the caller owns (no checkpoints). */
  private replayInto(state: SchemaState, path: string): void {
    this.filesReplayed++;
    const migration = this.migration(path);
    if (migration) replayStatements(state, path, migration.upStatements);
  }

  /** A history file replayed on the snapshot before it, from its checkpoints. */
  private replayFile(before: SchemaState, path: string): ReplayOutcome {
    this.filesReplayed++;
    return this.replayOf(path).replay(before, path, this.migration(path)?.upStatements ?? []);
  }

  private replayOf(path: string): FileReplay {
    let replay = this.replays.get(path);
    if (!replay) this.replays.set(path, (replay = new FileReplay()));
    return replay;
  }

  private invalidateFrom(state: HistoryState, path: string): void {
    const index = state.history.files.findIndex((file) => file.path === path);
    state.final = undefined;
    state.branchBefore = undefined;
    if (index >= 0) state.snapshots.length = Math.min(state.snapshots.length, index + 1);
  }

  private states(): HistoryState[] {
    if (this.historyStates) return this.historyStates;
    const files = [...this.texts].map(([path, text]) => ({ path, head: text.slice(0, HEAD_BYTES), dump: looksLikeDump(text) }));
    const histories = detectHistories(files, this.overrides);
    const ancestors = new Map<History, Map<string, Set<string>>>();
    for (const history of histories) {
      if (history.layout === 'alembic') {
        const migration = (path: string) => (isPythonPath(path) ? this.migration(path) : undefined);
        history.files = revisionOrder(history.files, migration);
        history.revisions = history.files.map((file) => migration(file.path)!.revision!);
        ancestors.set(history, ancestorFiles(history.files, migration));
      }
      const order = this.overrides.find((override) => history.folder === override.folder.replace(/\\/g, '/').replace(/\/+$/, ''))?.order;
      if (history.layout === 'schema-files' && (order === undefined || order === 'dependency')) history.files = dependencyOrder(history.files, (path) => this.migration(path));
    }
    this.historyStates = histories.map((history) => ({ history, snapshots: [new SchemaState()], problems: new Map(), ancestors: ancestors.get(history) }));
    this.byFile.clear();
    for (const state of this.historyStates) {
      for (const file of [...state.history.files, ...state.history.downs]) this.byFile.set(file.path, state);
      for (const dump of state.history.dumps) if (!this.byFile.has(dump)) this.byFile.set(dump, state);
    }
    return this.historyStates;
  }
}
