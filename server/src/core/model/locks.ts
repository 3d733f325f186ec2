/**
 * Which table-level lock each statement takes on which relation, as PostgreSQL takes it
 * (AlterTableGetLockLevel and the per-command lock calls in the server), so that rules can
 * reason about blocking without each keeping its own table. Modes are `pg_locks.mode` names.
 * Only the strongest mode per relation is listed. Relations the statement itself creates are
 * left out (nobody else can see them yet); so are locks on objects that are not relations
 * (types, schemas) and relations the statement does not name (the table of an index dropped
 * by name is reported as the index: see `kind`).
 */
import type { AlterTableCmd, AlterTableStmt, Constraint, DefElem, Node, RangeVar } from 'libpg-query';
import type { Statement } from '../source/document';
import { alterTableCommands, definitionOf } from './alter-table';
import { droppedObjectNames, rangeVarsOf } from './named-objects';

export const LOCK_MODES = [
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
] as const;

export type LockMode = (typeof LOCK_MODES)[number];

/** What kind of relation a lock is on. An index lock also stands for its (unnamed) table. */
export type RelationKind = 'table' | 'index' | 'view' | 'materialized view' | 'sequence' | 'foreign table';

export interface RelationLock {
  relation: RangeVar;
  kind: RelationKind;
  mode: LockMode;
}

export interface LockOptions {
  /** PostgreSQL major version: some commands take weaker locks in later versions. */
  postgresVersion: number;
}

/** PostgreSQL's lock conflict table, by mode (the documentation's "Conflicting Lock Modes"). */
const CONFLICTS: Record<LockMode, readonly LockMode[]> = {
  AccessShareLock: ['AccessExclusiveLock'],
  RowShareLock: ['ExclusiveLock', 'AccessExclusiveLock'],
  RowExclusiveLock: ['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareUpdateExclusiveLock: ['ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareRowExclusiveLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ExclusiveLock: ['RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  AccessExclusiveLock: [...LOCK_MODES],
};

export function lockModesConflict(a: LockMode, b: LockMode): boolean {
  return CONFLICTS[a].includes(b);
}

/** True when plain SELECTs on the relation wait for this lock. */
export function blocksReads(mode: LockMode): boolean {
  return lockModesConflict(mode, 'AccessShareLock');
}

/** True when INSERT, UPDATE and DELETE on the relation wait for this lock. */
export function blocksWrites(mode: LockMode): boolean {
  return lockModesConflict(mode, 'RowExclusiveLock');
}

export function isStronger(a: LockMode, b: LockMode): boolean {
  return LOCK_MODES.indexOf(a) > LOCK_MODES.indexOf(b);
}

/** The SQL name of a mode, as the documentation and LOCK TABLE write it: 'ACCESS EXCLUSIVE'. */
export function lockModeLabel(mode: LockMode): string {
  return mode
    .replace(/Lock$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
}

/** The relation locks `statement` takes, strongest mode per relation. */
export function locksOf(statement: Statement, options: LockOptions): RelationLock[] {
  const locks = new LockSet();
  if (!statement.kind || !statement.node) return [];
  const node = statement.node as never;
  const handler = HANDLERS[statement.kind];
  handler?.(node, locks, options);
  return locks.list();
}

class LockSet {
  private readonly entries = new Map<string, RelationLock>();
  private readonly excluded = new Set<string>();

  add(relation: RangeVar | undefined, kind: RelationKind, mode: LockMode): void {
    if (!relation?.relname) return;
    const key = `${kind}:${relation.schemaname ?? ''}.${relation.relname}`;
    if (this.excluded.has(key)) return;
    const existing = this.entries.get(key);
    if (!existing || isStronger(mode, existing.mode)) this.entries.set(key, { relation: existing?.relation ?? relation, kind, mode });
  }

  /** A relation the statement creates: never listed. */
  exclude(relation: RangeVar | undefined, kind: RelationKind): void {
    if (!relation?.relname) return;
    const key = `${kind}:${relation.schemaname ?? ''}.${relation.relname}`;
    this.excluded.add(key);
    this.entries.delete(key);
  }

  list(): RelationLock[] {
    return [...this.entries.values()];
  }
}

type Handler = (node: never, locks: LockSet, options: LockOptions) => void;

const OBJECT_KINDS: Record<string, RelationKind> = {
  OBJECT_TABLE: 'table',
  OBJECT_INDEX: 'index',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'materialized view',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_FOREIGN_TABLE: 'foreign table',
};

/** Storage parameters whose change takes ACCESS EXCLUSIVE (the rest take SHARE UPDATE EXCLUSIVE): reloptions.c. */
const EXCLUSIVE_RELOPTIONS = new Set([
  'autosummarize',
  'user_catalog_table',
  'fastupdate',
  'security_barrier',
  'security_invoker',
  'pages_per_range',
  'gin_pending_list_limit',
  'buffering',
  'check_option',
]);

/** Builds a RangeVar from a qualified name list ([schema,] name), as DROP and COMMENT write them. */
export function rangeVarOf(names: readonly string[]): RangeVar | undefined {
  if (names.length === 0 || !names[names.length - 1]) return undefined;
  const relname = names[names.length - 1];
  const schemaname = names.length > 1 ? names[names.length - 2] : undefined;
  return schemaname ? { schemaname, relname, inh: true, relpersistence: 'p' } : { relname, inh: true, relpersistence: 'p' };
}

/**
 * True when a statement option list (VACUUM (FULL), REINDEX (CONCURRENTLY), ...) turns `name`
 * on: written bare or with a true value; the last mention wins, as in PostgreSQL.
 */
export function optionEnabled(options: readonly Node[] | undefined, name: string): boolean {
  let enabled = false;
  for (const option of options ?? []) {
    const element = wrapped<DefElem>(option, 'DefElem');
    if (element?.defname !== name) continue;
    const arg = element.arg as Record<string, { sval?: string; ival?: number; boolval?: boolean }> | undefined;
    if (!arg) enabled = true;
    else if ('String' in arg) enabled = !['false', 'off', 'no', '0'].includes((arg.String.sval ?? '').toLowerCase());
    else if ('Integer' in arg) enabled = (arg.Integer.ival ?? 0) !== 0;
    else if ('Boolean' in arg) enabled = arg.Boolean.boolval === true;
    else enabled = true;
  }
  return enabled;
}

function wrapped<T>(node: Node | undefined, kind: string): T | undefined {
  const record = node as Record<string, unknown> | undefined;
  return record && kind in record ? (record[kind] as T) : undefined;
}

/** The lock one ALTER TABLE subcommand needs on the altered relation (AlterTableGetLockLevel). */
function subcommandLock(cmd: AlterTableCmd, options: LockOptions): LockMode {
  switch (cmd.subtype) {
    case 'AT_SetStatistics':
    case 'AT_ClusterOn':
    case 'AT_DropCluster':
    case 'AT_SetOptions':
    case 'AT_ResetOptions':
    case 'AT_ValidateConstraint':
    case 'AT_DetachPartitionFinalize':
      return 'ShareUpdateExclusiveLock';
    case 'AT_AttachPartition':
      return options.postgresVersion >= 12 ? 'ShareUpdateExclusiveLock' : 'AccessExclusiveLock';
    case 'AT_DetachPartition':
      return definitionOf(cmd, 'PartitionCmd')?.concurrent ? 'ShareUpdateExclusiveLock' : 'AccessExclusiveLock';
    case 'AT_EnableTrig':
    case 'AT_EnableAlwaysTrig':
    case 'AT_EnableReplicaTrig':
    case 'AT_EnableTrigAll':
    case 'AT_EnableTrigUser':
    case 'AT_DisableTrig':
    case 'AT_DisableTrigAll':
    case 'AT_DisableTrigUser':
      return 'ShareRowExclusiveLock';
    case 'AT_AddConstraint': {
      const constraint = definitionOf(cmd, 'Constraint');
      return constraint?.contype === 'CONSTR_FOREIGN' ? 'ShareRowExclusiveLock' : 'AccessExclusiveLock';
    }
    case 'AT_SetRelOptions':
    case 'AT_ResetRelOptions': {
      const items = definitionOf(cmd, 'List')?.items ?? [];
      const names = items.map((item) => wrapped<DefElem>(item, 'DefElem')?.defname ?? '');
      return names.some((name) => EXCLUSIVE_RELOPTIONS.has(name)) ? 'AccessExclusiveLock' : 'ShareUpdateExclusiveLock';
    }
    default:
      return 'AccessExclusiveLock';
  }
}

/** FOREIGN KEY constraints in a list of table elements or column constraints. */
function foreignKeysIn(nodes: readonly Node[] | undefined): Constraint[] {
  const found: Constraint[] = [];
  for (const node of nodes ?? []) {
    const constraint = wrapped<Constraint>(node, 'Constraint');
    if (constraint?.contype === 'CONSTR_FOREIGN') found.push(constraint);
    const column = wrapped<{ constraints?: Node[] }>(node, 'ColumnDef');
    if (column) found.push(...foreignKeysIn(column.constraints));
  }
  return found;
}

/** Every table a query reads (RangeVar nodes), leaving out names of its WITH queries. */
function readRelations(node: unknown): RangeVar[] {
  const relations: RangeVar[] = [];
  const cteNames = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if ('RangeVar' in record) relations.push(record.RangeVar as RangeVar);
    if ('CommonTableExpr' in record) cteNames.add((record.CommonTableExpr as { ctename?: string }).ctename ?? '');
    for (const child of Object.values(record)) visit(child);
  };
  visit(node);
  return relations.filter((relation) => relation.schemaname || !cteNames.has(relation.relname ?? ''));
}

function addReads(locks: LockSet, node: unknown, mode: LockMode = 'AccessShareLock'): void {
  for (const relation of readRelations(node)) locks.add(relation, 'table', mode);
}

/** INSERT, UPDATE, DELETE, MERGE: ROW EXCLUSIVE on the target (a bare RangeVar), ACCESS SHARE on what they read. */
function writeRows(node: { relation?: RangeVar }, locks: LockSet): void {
  addReads(locks, node);
  locks.add(node.relation, 'table', 'RowExclusiveLock');
}

const HANDLERS: Partial<Record<string, Handler>> = {
  AlterTableStmt(node: AlterTableStmt, locks, options) {
    const kind = OBJECT_KINDS[node.objtype ?? 'OBJECT_TABLE'] ?? 'table';
    for (const { cmd } of alterTableCommands(node)) {
      locks.add(node.relation, kind, subcommandLock(cmd, options));
      if ((cmd.subtype === 'AT_AddConstraint' || cmd.subtype === 'AT_AddColumn') && cmd.def) {
        for (const foreignKey of foreignKeysIn([cmd.def])) locks.add(foreignKey.pktable, 'table', 'ShareRowExclusiveLock');
      }
      const partition = definitionOf(cmd, 'PartitionCmd');
      if (partition && kind === 'table') {
        const detachConcurrently = cmd.subtype === 'AT_DetachPartition' && partition.concurrent;
        locks.add(partition.name, 'table', detachConcurrently ? 'ShareUpdateExclusiveLock' : 'AccessExclusiveLock');
      }
      if (partition && kind === 'index') locks.add(partition.name, 'index', 'ShareUpdateExclusiveLock');
      if (cmd.subtype === 'AT_AddInherit') locks.add(definitionOf(cmd, 'RangeVar'), 'table', 'ShareUpdateExclusiveLock');
    }
  },
  RenameStmt(node: { renameType?: string; relationType?: string; relation?: RangeVar }, locks, options) {
    if (!node.relation) return;
    if (node.renameType === 'OBJECT_INDEX') {
      locks.add(node.relation, 'index', options.postgresVersion >= 12 ? 'ShareUpdateExclusiveLock' : 'AccessExclusiveLock');
      return;
    }
    const objectKind = node.renameType === 'OBJECT_COLUMN' || node.renameType === 'OBJECT_TABCONSTRAINT' ? node.relationType : node.renameType;
    locks.add(node.relation, OBJECT_KINDS[objectKind ?? ''] ?? 'table', 'AccessExclusiveLock');
  },
  AlterObjectSchemaStmt(node: { objectType?: string; relation?: RangeVar }, locks) {
    const kind = OBJECT_KINDS[node.objectType ?? ''];
    if (kind) locks.add(node.relation, kind, 'AccessExclusiveLock');
  },
  IndexStmt(node: { relation?: RangeVar; concurrent?: boolean }, locks) {
    locks.add(node.relation, 'table', node.concurrent ? 'ShareUpdateExclusiveLock' : 'ShareLock');
  },
  DropStmt(node: { removeType?: string; objects?: Node[]; concurrent?: boolean }, locks) {
    const kind = OBJECT_KINDS[node.removeType ?? ''];
    for (const object of node.objects ?? []) {
      const [names] = droppedObjectNames([object]);
      if (kind) {
        const mode = kind === 'index' && node.concurrent ? 'ShareUpdateExclusiveLock' : 'AccessExclusiveLock';
        locks.add(rangeVarOf(names), kind, mode);
      } else if (node.removeType === 'OBJECT_TRIGGER' || node.removeType === 'OBJECT_POLICY' || node.removeType === 'OBJECT_RULE') {
        locks.add(rangeVarOf(names.slice(0, -1)), 'table', 'AccessExclusiveLock');
      }
    }
  },
  TruncateStmt(node: { relations?: Node[] }, locks) {
    for (const relation of rangeVarsOf(node.relations)) locks.add(relation, 'table', 'AccessExclusiveLock');
  },
  VacuumStmt(node: { options?: Node[]; rels?: Node[]; is_vacuumcmd?: boolean }, locks) {
    const full = node.is_vacuumcmd === true && optionEnabled(node.options, 'full');
    for (const rel of node.rels ?? []) {
      locks.add(wrapped<{ relation?: RangeVar }>(rel, 'VacuumRelation')?.relation, 'table', full ? 'AccessExclusiveLock' : 'ShareUpdateExclusiveLock');
    }
  },
  ClusterStmt(node: { relation?: RangeVar }, locks) {
    locks.add(node.relation, 'table', 'AccessExclusiveLock');
  },
  ReindexStmt(node: { kind?: string; relation?: RangeVar; params?: Node[] }, locks) {
    const concurrent = optionEnabled(node.params, 'concurrently');
    if (node.kind === 'REINDEX_OBJECT_TABLE') locks.add(node.relation, 'table', concurrent ? 'ShareUpdateExclusiveLock' : 'ShareLock');
    if (node.kind === 'REINDEX_OBJECT_INDEX') locks.add(node.relation, 'index', concurrent ? 'ShareUpdateExclusiveLock' : 'AccessExclusiveLock');
  },
  RefreshMatViewStmt(node: { relation?: RangeVar; concurrent?: boolean }, locks) {
    locks.add(node.relation, 'materialized view', node.concurrent ? 'ExclusiveLock' : 'AccessExclusiveLock');
  },
  CreateTrigStmt(node: { relation?: RangeVar }, locks) {
    locks.add(node.relation, 'table', 'ShareRowExclusiveLock');
  },
  CreatePolicyStmt(node: { table?: RangeVar }, locks) {
    locks.add(node.table, 'table', 'AccessExclusiveLock');
  },
  AlterPolicyStmt(node: { table?: RangeVar }, locks) {
    locks.add(node.table, 'table', 'AccessExclusiveLock');
  },
  RuleStmt(node: { relation?: RangeVar }, locks) {
    locks.add(node.relation, 'table', 'AccessExclusiveLock');
  },
  CommentStmt(node: { objtype?: string; object?: Node }, locks) {
    const [names = []] = droppedObjectNames(node.object ? [node.object] : []);
    if (node.objtype === 'OBJECT_COLUMN') locks.add(rangeVarOf(names.slice(0, -1)), 'table', 'ShareUpdateExclusiveLock');
    else if (OBJECT_KINDS[node.objtype ?? '']) locks.add(rangeVarOf(names), OBJECT_KINDS[node.objtype ?? ''], 'ShareUpdateExclusiveLock');
  },
  CreateStatsStmt(node: { relations?: Node[] }, locks) {
    for (const relation of rangeVarsOf(node.relations)) locks.add(relation, 'table', 'ShareUpdateExclusiveLock');
  },
  LockStmt(node: { relations?: Node[]; mode?: number }, locks) {
    const mode = LOCK_MODES[(node.mode ?? 8) - 1] ?? 'AccessExclusiveLock';
    for (const relation of rangeVarsOf(node.relations)) locks.add(relation, 'table', mode);
  },
  CreateStmt(node: { relation?: RangeVar; tableElts?: Node[]; inhRelations?: Node[]; partbound?: unknown }, locks) {
    locks.exclude(node.relation, 'table');
    for (const element of node.tableElts ?? []) {
      const like = wrapped<{ relation?: RangeVar }>(element, 'TableLikeClause');
      if (like) locks.add(like.relation, 'table', 'AccessShareLock');
    }
    for (const parent of rangeVarsOf(node.inhRelations)) locks.add(parent, 'table', node.partbound ? 'AccessExclusiveLock' : 'ShareUpdateExclusiveLock');
    for (const foreignKey of foreignKeysIn(node.tableElts)) {
      const selfReference = foreignKey.pktable?.relname === node.relation?.relname;
      if (!selfReference) locks.add(foreignKey.pktable, 'table', 'ShareRowExclusiveLock');
    }
  },
  CreateTableAsStmt(node: { query?: Node; into?: { rel?: RangeVar } }, locks) {
    addReads(locks, node.query);
    locks.exclude(node.into?.rel, 'table');
  },
  ViewStmt(node: { view?: RangeVar; query?: Node; replace?: boolean }, locks) {
    addReads(locks, node.query);
    if (node.replace) locks.add(node.view, 'view', 'AccessExclusiveLock');
  },
  SelectStmt(node: { lockingClause?: Node[] }, locks) {
    addReads(locks, node, node.lockingClause?.length ? 'RowShareLock' : 'AccessShareLock');
  },
  InsertStmt: writeRows,
  UpdateStmt: writeRows,
  DeleteStmt: writeRows,
  MergeStmt: writeRows,
  CopyStmt(node: { relation?: RangeVar; query?: Node; is_from?: boolean }, locks) {
    if (node.query) addReads(locks, node.query);
    locks.add(node.relation, 'table', node.is_from ? 'RowExclusiveLock' : 'AccessShareLock');
  },
  AlterSeqStmt(node: { sequence?: RangeVar }, locks) {
    locks.add(node.sequence, 'sequence', 'ShareRowExclusiveLock');
  },
};
