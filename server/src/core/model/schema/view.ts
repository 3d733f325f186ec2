/**
 * What a rule sees of the workspace schema while it checks one file: the schema before the file,
 * after it, and after the whole history (design rules judge that one, so that they stay quiet about
 * what a later migration fixes), the file's place in its history, and what the replay could not
 * follow. Objects carry SourceRefs; `fromThisFile` picks those this file created or changed.
 */
import type { CommittedFiles } from './committed';
import type { History } from './layout';
import type { Rollback } from './rollback';
import type { SchemaState } from './state';
import type { ReplayProblem, SourceRef } from './types';

/** For a pg_dump beside migrations: the history, the schema it builds, and what its replay could not follow. */
export interface DriftTarget {
  history: History;
  final: SchemaState;
  /** Statements of the history's migrations the replay could not follow (the schema it builds may be incomplete). */
  problems?: readonly ReplayProblem[];
}

export interface SchemaView {
  /** The key SourceRefs of this file carry. */
  readonly file: string;
  /** The schema before this file runs (empty for a file outside any history). */
  readonly before: SchemaState;
  /** The schema after this file. */
  readonly after: SchemaState;
  /** The schema after the whole history (computed on first use; equal to `after` for the last file). */
  readonly final: SchemaState;
  /** The file's history and its index in history.files (-1 for a down migration or a drift target). */
  readonly history?: History;
  readonly index: number;
  /** For a pg_dump beside migrations: the schema those migrations build, to compare with. */
  readonly driftAgainst?: DriftTarget;
  /** Statements of this file the replay could not follow. */
  readonly problems: readonly ReplayProblem[];
  /** The up migration this file is (or whose down it is) and its down migration (computed on first use). */
  readonly rollback?: Rollback;
  /** What git says about the files of the history; undefined outside a repository or before it is read. */
  readonly committed?: CommittedFiles;
  /** Tells whether an object's origin is in this file. */
  fromThisFile(ref: SourceRef | undefined): boolean;
  /** The schema just before a statement of this file runs (the earlier statements of the file replayed on `before`). */
  at(statementIndex: number): SchemaState;
}

export function createSchemaView(parts: {
  file: string;
  before: SchemaState;
  /** The file replayed (computed on first use of `after` or `problems`). */
  replayed: () => { after: SchemaState; problems: readonly ReplayProblem[] };
  final: () => SchemaState;
  history?: History;
  index?: number;
  driftAgainst?: () => DriftTarget | undefined;
  /** The schema just before a statement of this file (its replay checkpoints: file-replay.ts). */
  stateBefore?: (statementIndex: number) => SchemaState;
  rollback?: () => Rollback | undefined;
  committed?: CommittedFiles;
}): SchemaView {
  let replayed: { after: SchemaState; problems: readonly ReplayProblem[] } | undefined;
  let final: SchemaState | undefined;
  let drift: DriftTarget | undefined | null = null;
  let rollback: Rollback | undefined | null = null;
  const whole = () => (replayed ??= parts.replayed());
  return {
    file: parts.file,
    before: parts.before,
    get after() {
      return whole().after;
    },
    get final() {
      final ??= parts.final();
      return final;
    },
    history: parts.history,
    index: parts.index ?? -1,
    get driftAgainst() {
      if (drift === null) drift = parts.driftAgainst?.();
      return drift;
    },
    get problems() {
      return whole().problems;
    },
    get rollback() {
      if (rollback === null) rollback = parts.rollback?.();
      return rollback;
    },
    committed: parts.committed,
    fromThisFile: (ref) => ref?.file === parts.file,
    at: (statementIndex) => parts.stateBefore?.(statementIndex) ?? parts.before,
  };
}
