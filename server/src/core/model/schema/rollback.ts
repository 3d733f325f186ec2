/**
 * A migration and its rollback: the up migration, the down that undoes it (a down file, or dbmate's
 * `-- migrate:down` section), and whether running the down after the up gives back the schema
 * before the up. Down statements are replayed here only, on copies: never into the history.
 */
import type { Statement } from '../../source/document';
import type { History } from './layout';
import type { HistoryPosition, ParsedMigration } from './workspace';
import { forEachNode } from '../parse-tree';
import { namesOf } from '../named-objects';
import { replayStatement } from './replay';
import type { SchemaState } from './state';
import type { ReplayProblem, SourceRef } from './types';
import { downFileOf, upFileOf } from './versions';

export interface MigrationPart {
  /** The file's key in the workspace. */
  file: string;
  statements: readonly Statement[];
}

export interface Rollback {
  /** The up migration and the statements its runner applies going up. */
  up: MigrationPart;
  /** Its down migration; `section` for dbmate's down section of the same file. Undefined when it has none. */
  down?: MigrationPart & { section: boolean };
  /** The schema before the up migration. */
  before: SchemaState;
  /** True when the up file keeps its down in a dbmate `-- migrate:down` section (it has dbmate's sections). */
  sections: boolean;
  /**
   * Whether another migration of the history has a down that runs something: a history whose
   * downs are all missing or empty has chosen not to roll back (computed on first call).
   */
  historyRollsBack(): boolean;
}

const DBMATE_UP = /^--\s*migrate:up\b/m;

/** What a workspace gives to pair a file with its rollback (SchemaWorkspace has it). */
export interface RollbackSource {
  positionOf(path: string): HistoryPosition | undefined;
  /** The file parsed, as `text` when given (the text being linted), else as the workspace holds it. */
  parsedAs(path: string, text?: string): ParsedMigration | undefined;
  before(path: string): SchemaState;
}

/**
 * The rollback of the up migration `path` (or of the up migration the down file `path` undoes),
 * with `text` as the text of `path`. Undefined outside a history or for a down without its up.
 */
export function rollbackOf(source: RollbackSource, path: string, text: string): Rollback | undefined {
  const position = source.positionOf(path);
  if (!position) return undefined;
  const { history } = position;
  let rollsBack: boolean | undefined;
  const historyRollsBack = (upPath: string): (() => boolean) => () => (rollsBack ??= anotherDownRuns(source, history, upPath));
  if (position.index < 0) {
    const up = upFileOf(history, path);
    const upMigration = up && source.parsedAs(up.path);
    const down = source.parsedAs(path, text);
    if (!up || !upMigration || !down) return undefined;
    return {
      up: { file: up.path, statements: upMigration.upStatements },
      down: { file: path, statements: down.downStatements, section: false },
      before: source.before(up.path),
      sections: false,
      historyRollsBack: historyRollsBack(up.path),
    };
  }
  const migration = source.parsedAs(path, text);
  if (!migration) return undefined;
  const up = { file: path, statements: migration.upStatements };
  // the plain search first: the regular expression tries every line start of a large file
  if (migration.downSection || (migration.text.includes('migrate:up') && DBMATE_UP.test(migration.text))) {
    const down = migration.downSection ? { file: path, statements: migration.downStatements, section: true } : undefined;
    return { up, down, before: source.before(path), sections: true, historyRollsBack: historyRollsBack(path) };
  }
  const downFile = downFileOf(history, path);
  const down = downFile && source.parsedAs(downFile.path);
  return { up, down: down ? { file: downFile.path, statements: down.downStatements, section: false } : undefined, before: source.before(path), sections: false, historyRollsBack: historyRollsBack(path) };
}

/** True when a migration of the history other than `upPath` has a down file or down section that runs something. */
function anotherDownRuns(source: RollbackSource, history: History, upPath: string): boolean {
  const runs = (statements: readonly Statement[] | undefined): boolean => !!statements && !isEmptyDown({ file: '', statements });
  const ownDown = downFileOf(history, upPath)?.path;
  if (history.downs.some((down) => down.path !== ownDown && runs(source.parsedAs(down.path)?.downStatements))) return true;
  return history.files.some((file) => file.path !== upPath && runs(source.parsedAs(file.path)?.downStatements));
}

/** Statements with nothing for a down migration to undo: data changes, maintenance, session settings, locks. */
const NOTHING_TO_UNDO = new Set(['TransactionStmt', 'VariableSetStmt', 'VariableShowStmt', 'UpdateStmt', 'InsertStmt', 'DeleteStmt', 'MergeStmt', 'VacuumStmt', 'ReindexStmt', 'ClusterStmt', 'RefreshMatViewStmt', 'CheckPointStmt', 'LockStmt', 'NotifyStmt', 'CopyStmt', 'ExplainStmt', 'TruncateStmt']);

/**
 * True when the up migration changes the schema, so that a rollback has something to undo: not
 * when it only changes data (UPDATE, INSERT, a SELECT without INTO), runs maintenance (VACUUM,
 * REINDEX, REFRESH) or validates constraints (VALIDATE CONSTRAINT has no inverse).
 */
export function upChangesSchema(up: MigrationPart): boolean {
  return up.statements.some((statement) => {
    if (!statement.kind || NOTHING_TO_UNDO.has(statement.kind)) return false;
    if (statement.is('SelectStmt')) return statement.node.intoClause !== undefined;
    if (statement.is('AlterTableStmt')) {
      return (statement.node.cmds ?? []).some((cmd) => (cmd as { AlterTableCmd?: { subtype?: string } }).AlterTableCmd?.subtype !== 'AT_ValidateConstraint');
    }
    return true;
  });
}

/** True when a down migration runs nothing: no statement other than transaction control. */
export function isEmptyDown(down: MigrationPart): boolean {
  return down.statements.every((statement) => statement.is('TransactionStmt'));
}

export type RollbackObjectKind = 'table' | 'column' | 'index' | 'constraint';

export interface RollbackDifference {
  /**
   * 'leftBehind': the up (or the down) made it and the down leaves it; 'notRestored': the up dropped
   * it and the down does not bring it back; 'droppedExisting': the down drops what was there before the up.
   */
  change: 'leftBehind' | 'notRestored' | 'droppedExisting';
  kind: RollbackObjectKind;
  name: string;
  /** The table of a column, index or constraint. */
  table?: string;
  /** The statement to report: the one that made the object, that dropped it, or the down's statement that dropped it. */
  at: SourceRef;
}

interface ObjectEntry {
  kind: RollbackObjectKind;
  name: string;
  table?: string;
  tableKey: string;
  origin: SourceRef;
  changed: SourceRef;
  present(state: SchemaState): boolean;
}

/**
 * Runs the up on the schema before it, then the down, and compares with the schema before: tables,
 * columns, indexes and constraints the down leaves or does not bring back. Undefined when the
 * comparison cannot be trusted: a statement does not parse, the model could not follow one, or one
 * may change the schema in ways it cannot see (CALL, a function called by SELECT, EXECUTE in a DO block).
 */
export function rollbackDifferences(rollback: Rollback): RollbackDifference[] | undefined {
  const { up, down, before } = rollback;
  if (!down || !followable(up.statements) || !followable(down.statements)) return undefined;
  const problems: ReplayProblem[] = [];
  const after = before.clone();
  for (const statement of up.statements) replayStatement(after, up.file, statement, problems);
  const restored = after.clone();
  for (const statement of down.statements) replayStatement(restored, down.file, statement, problems);
  if (problems.length > 0) return undefined;

  const was = objectsOf(before);
  const now = objectsOf(restored);
  const differences: RollbackDifference[] = [];
  const leftTables = new Set([...now.values()].filter((entry) => entry.kind === 'table' && !was.has(`table ${entry.tableKey}`)).map((entry) => entry.tableKey));
  for (const [key, entry] of now) {
    if (was.has(key) || (entry.kind !== 'table' && leftTables.has(entry.tableKey))) continue;
    differences.push({ change: 'leftBehind', kind: entry.kind, name: entry.name, table: entry.table, at: madeAt(entry, up, down) });
  }
  const goneTables = new Set([...was.values()].filter((entry) => entry.kind === 'table' && !now.has(`table ${entry.tableKey}`)).map((entry) => entry.tableKey));
  for (const [key, entry] of was) {
    if (now.has(key) || (entry.kind !== 'table' && goneTables.has(entry.tableKey))) continue;
    const droppedByUp = !entry.present(after);
    const at = droppedByUp ? whereDropped(entry, before, up) : whereDropped(entry, after, down);
    if (at) differences.push({ change: droppedByUp ? 'notRestored' : 'droppedExisting', kind: entry.kind, name: entry.name, table: entry.table, at });
  }
  return differences;
}

const BOOKKEEPING_FUNCTIONS = new Set(['set_config', 'pg_advisory_lock', 'pg_advisory_unlock', 'pg_advisory_xact_lock', 'pg_try_advisory_lock', 'nextval', 'setval', 'now', 'current_setting']);

function followable(statements: readonly Statement[]): boolean {
  return statements.every((statement) => {
    if (!statement.kind || statement.is('CallStmt') || statement.is('ExecuteStmt')) return false;
    if (statement.is('DoStmt')) return !/\bexecute\b/i.test(statement.text);
    if (statement.is('SelectStmt') && !statement.node.fromClause) {
      let unknownCall = false;
      forEachNode(statement.node.targetList, (kind, payload) => {
        if (kind === 'FuncCall' && !BOOKKEEPING_FUNCTIONS.has(namesOf(payload.funcname as never).pop() ?? '')) unknownCall = true;
      });
      return !unknownCall;
    }
    return true;
  });
}

function objectsOf(state: SchemaState): Map<string, ObjectEntry> {
  const objects = new Map<string, ObjectEntry>();
  const tables = new Set<string>();
  for (const [tableKey, relation] of state.relations) {
    if (relation.kind !== 'table' && relation.kind !== 'partitioned table') continue;
    tables.add(tableKey);
    const isTable = (candidate: SchemaState): boolean => {
      const kind = candidate.relations.get(tableKey)?.kind;
      return kind === 'table' || kind === 'partitioned table';
    };
    objects.set(`table ${tableKey}`, { kind: 'table', name: relation.name, tableKey, origin: relation.origin, changed: relation.changed, present: isTable });
    for (const column of relation.columns) {
      if (column.inherited) continue;
      const present = (candidate: SchemaState): boolean => isTable(candidate) && candidate.relations.get(tableKey)!.columns.some((other) => other.name === column.name);
      objects.set(`column ${tableKey}.${column.name}`, { kind: 'column', name: column.name, table: relation.name, tableKey, origin: column.origin, changed: column.changed, present });
    }
    for (const constraint of relation.constraints) {
      if (constraint.inherited) continue;
      const present = (candidate: SchemaState): boolean => isTable(candidate) && candidate.relations.get(tableKey)!.constraints.some((other) => other.name === constraint.name);
      objects.set(`constraint ${tableKey}.${constraint.name}`, { kind: 'constraint', name: constraint.name, table: relation.name, tableKey, origin: constraint.origin, changed: constraint.changed, present });
    }
  }
  for (const [indexKey, index] of state.indexes) {
    // an index that enforces a constraint goes with it; a partition's clone of a parent index with the parent
    if (index.constraint || index.parent || !tables.has(index.table)) continue;
    const table = state.relations.get(index.table)!;
    objects.set(`index ${indexKey}`, { kind: 'index', name: index.name, table: table.name, tableKey: index.table, origin: index.origin, changed: index.changed, present: (candidate) => candidate.indexes.has(indexKey) });
  }
  return objects;
}

/** The statement of the up or down that made an object: its origin, or its last change (a rename). */
function madeAt(entry: ObjectEntry, up: MigrationPart, down: MigrationPart): SourceRef {
  const inRollback = (ref: SourceRef): boolean => ref.file === up.file || ref.file === down.file;
  if (inRollback(entry.origin)) return entry.origin;
  if (inRollback(entry.changed)) return entry.changed;
  const first = up.statements[0];
  return { file: up.file, statement: first?.index ?? 0, start: first?.start ?? 0, end: first?.end ?? 0 };
}

/** The statement of `part` after which the object is gone, replayed from `start`. */
function whereDropped(entry: ObjectEntry, start: SchemaState, part: MigrationPart): SourceRef | undefined {
  const state = start.clone();
  for (const statement of part.statements) {
    replayStatement(state, part.file, statement, []);
    if (!entry.present(state)) return { file: part.file, statement: statement.index, start: statement.start, end: statement.end };
  }
  return undefined;
}
