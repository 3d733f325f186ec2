import type { Settings } from '../../server/src/core/config';

export interface ExpectedFinding {
  messageId: string;
  /** The exact text the finding underlines. */
  text: string;
}

/** Other migrations of a case's history (the table's prelude always comes first). */
export interface CaseHistory {
  /** Migrations applied after the prelude and before the case. */
  before?: string[];
  /** Migrations applied after the case (a later index, a later drop). */
  after?: string[];
}

/** The case in a git repository: what its last commit holds. Without it the case runs outside any repository. */
export interface CaseGit {
  /** The case file's committed text; without it the case file is not committed. */
  committed?: string;
  /** The other files of the history committed as they are, by name (default: all of them). */
  tracked?: string[];
}

export interface ValidCase {
  sql: string;
  settings?: Partial<Settings>;
  name?: string;
  history?: CaseHistory;
  /** The path the case is linted under (default: a golang-migrate up file). */
  path?: string;
  /** Other files in the case's folder (down migrations, a pg_dump), by name. */
  files?: Record<string, string>;
  git?: CaseGit;
}

export interface InvalidCase {
  sql: string;
  settings?: Partial<Settings>;
  name?: string;
  history?: CaseHistory;
  path?: string;
  files?: Record<string, string>;
  git?: CaseGit;
  errors: ExpectedFinding[];
  /** The text after applying the first fix of the first finding; null when no fix is offered. */
  output: string | null;
  /** New files the first fixes create (by file name), e.g. a migration of its own for CONCURRENTLY. */
  outputFiles?: Record<string, string>;
  /** Tables the migration expects, for the run on a real PostgreSQL (defaults to the file's prelude). */
  prelude?: string;
  /** Set when the original SQL cannot run on a real server (e.g. it is the error the rule predicts). */
  skipDatabase?: string;
  /**
   * The script whose schema the fix must give, run in place of the original: with skipDatabase,
   * the script the original was meant to be (e.g. without the statement that fails); for a fix that
   * changes the schema on purpose (it drops a redundant index), the original with that change made.
   */
  intended?: string;
  /**
   * For a schema-design rule, whose fix changes the schema on purpose: the catalog snapshot lines
   * (see schema-snapshot.ts, prefixed `table `, `column `, `index `, `constraint `) the fix removes
   * and adds. The database check then asserts exactly this difference instead of an equal schema.
   */
  schemaChange?: SchemaChange;
}

export interface SchemaChange {
  removed: string[];
  added: string[];
}

/** A statement whose lock the rule's doc names, checked in an open transaction on a real server. */
export interface LockCase {
  prelude?: string;
  sql: string;
  table: string;
  /** pg_locks.mode, e.g. 'ShareLock', 'AccessExclusiveLock'. */
  mode: string;
  /**
   * The statement cannot run inside a transaction block: checked on the server only, from a
   * second session while the statement waits behind a transaction holding ROW EXCLUSIVE on the table.
   */
  outsideTransaction?: boolean;
}

export interface RuleCases {
  rule: string;
  /** Tables the migrations expect, created before each run on a real PostgreSQL. */
  prelude: string;
  valid: Array<string | ValidCase>;
  invalid: InvalidCase[];
  locks?: LockCase[];
}
