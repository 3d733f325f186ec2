/**
 * What a careful reviewer keeps in mind while reading a migration top to bottom:
 * which transaction each statement runs in, which tables this file created (empty and
 * unseen by running code, so no lock matters on them), and which session settings
 * (lock_timeout, statement_timeout) are in force.
 */
import type { RangeVar, TransactionStmt, VariableSetStmt } from 'libpg-query';
import type { Settings, TransactionMode } from '../config';
import type { Statement } from '../source/document';
import type { Comment } from '../source/splitter';
import { relationKey, stringValueOf } from './names';

export interface TransactionInfo {
  /** True when the statement runs inside a transaction block. */
  readonly inTransaction: boolean;
  /** Identifies the block; statements with the same id share one transaction. */
  readonly block: number | undefined;
  /**
   * How the block was opened: BEGIN in the file, or the runner (wrapping the file or a dbmate
   * section, or sending it as one multi-statement command, which PostgreSQL runs as one transaction).
   */
  readonly openedBy: 'begin' | 'runner' | undefined;
}

interface SettingChange {
  index: number;
  name: string;
  value: string | undefined;
  local: boolean;
  block: number | undefined;
}

/** dbmate puts up and down migrations in one file, each run in its own transaction by default. */
const DBMATE_SECTION = /^--\s*migrate:(up|down)\b(.*)$/;

type UnitMode = 'none' | 'wrapped' | 'single-command';

export type Direction = 'up' | 'down';

/** golang-migrate / sql-migrate `*.down.sql`, diesel `<migration>/down.sql`, Flyway undo migrations `U<version>__<name>.sql`. */
const DOWN_FILE = /(?:\.down\.sql|(?:^|[\\/])down\.sql|(?:^|[\\/])U\d[\w.]*__[^\\/]*\.sql)$/i;

/** `alembic upgrade/downgrade --sql` output marks each revision with this comment. */
const ALEMBIC_MARKER = /^--\s*Running (upgrade|downgrade)\b/;

const MODE_OF_SETTING: Record<TransactionMode, UnitMode> = { explicit: 'none', 'per-file': 'wrapped', 'single-command': 'single-command' };

export class FileModel {
  private readonly transactions: TransactionInfo[] = [];
  /** Table key -> statement indexes where this file created (or renamed something to) it. */
  private readonly created = new Map<string, number[]>();
  /** Table key -> statement indexes where the file filled it (INSERT ... SELECT, COPY FROM). */
  private readonly filled = new Map<string, number[]>();
  /** Table key -> statement indexes where it became live (ATTACH PARTITION, INHERIT, renamed onto a name running code uses). */
  private readonly madeLive = new Map<string, number[]>();
  private readonly settingChanges: SettingChange[] = [];

  /**
   * True for pg_dump output (Rails' structure.sql, `pg_dump --schema-only`): restored into an
   * empty database (or, with --clean, dropping everything first), so migration-safety rules do not
   * apply. Recognised by pg_dump's header comment or its fixed preamble of session settings.
   */
  readonly schemaDump: boolean;

  /** Statement indexes where the direction changes (dbmate sections, Alembic offline markers). */
  private readonly directionChanges: Array<{ index: number; direction: Direction }> = [];
  private readonly fileDirection: Direction;

  constructor(
    readonly text: string,
    readonly statements: Statement[],
    comments: Comment[],
    settings: Settings,
    /** The file's path, when known: `*.down.sql` and Flyway `U…__*.sql` files are down migrations. */
    path?: string,
  ) {
    this.fileDirection = path && DOWN_FILE.test(path) ? 'down' : 'up';
    this.schemaDump = isSchemaDump(text, statements);
    // dbmate's section comments name migrate:, which most files never do: then their comments are not read for sections
    const sections = text.includes('migrate:');
    this.computeTransactions(sections ? comments : [], settings);
    this.computeDirections(comments, sections);
    this.computeCreatedTables();
  }

  /**
   * Whether the statement belongs to an up migration or to a down (rollback) migration, which
   * exists to undo what its up migration added: from the file name (`*.down.sql`, Flyway undo
   * `U1__*.sql`), dbmate's `-- migrate:down` section, or Alembic's `-- Running downgrade` marker
   * in `alembic downgrade --sql` output.
   */
  direction(statement: Statement): Direction {
    let direction = this.fileDirection;
    for (const change of this.directionChanges) {
      if (change.index > statement.index) break;
      direction = change.direction;
    }
    return direction;
  }

  private computeDirections(comments: Comment[], sections: boolean): void {
    let next = 0;
    // only dbmate's section comments and Alembic's offline markers say a direction: a file with neither word reads no comment
    for (const comment of sections || this.text.includes('Running ') ? comments : []) {
      const text = this.text.slice(comment.start, comment.end);
      const marker = DBMATE_SECTION.exec(text)?.[1] ?? ALEMBIC_MARKER.exec(text)?.[1];
      if (!marker) continue;
      while (next < this.statements.length && this.statements[next].start < comment.start) next++;
      this.directionChanges.push({ index: next, direction: marker.startsWith('down') ? 'down' : 'up' });
    }
  }

  transaction(statement: Statement): TransactionInfo {
    return this.transactions[statement.index];
  }

  /**
   * True when an earlier statement of this file created the table `relation` names and it is still
   * new, empty and unseen when `before` runs: not filled since (INSERT ... SELECT, COPY) nor made
   * live (attached as a partition, inheriting from a live table, renamed onto a live name). After
   * that, statements on it are judged as on an existing table.
   */
  createdInFile(relation: RangeVar | undefined, before: Statement): boolean {
    const created = this.lastCreation(relation, before);
    if (created === undefined) return false;
    const key = relationKey(relation!);
    return !this.happenedBetween(this.filled.get(key), created, before) && !this.happenedBetween(this.madeLive.get(key), created, before);
  }

  /**
   * True when an earlier statement of this file created the table and running code still cannot
   * know it when `before` runs (it may have been filled, but not made live): dropping or renaming
   * it, or its columns, breaks nothing that runs.
   */
  introducedInFile(relation: RangeVar | undefined, before: Statement): boolean {
    const created = this.lastCreation(relation, before);
    return created !== undefined && !this.happenedBetween(this.madeLive.get(relationKey(relation!)), created, before);
  }

  /** True when the file earlier renamed a table away from this name or dropped it: running code knows the name. */
  private everExisted(relation: RangeVar, before: Statement): boolean {
    const name = relation.relname;
    return this.statements.some((statement) => {
      if (statement.index >= before.index) return false;
      if (statement.is('RenameStmt')) return statement.node.renameType === 'OBJECT_TABLE' && statement.node.relation?.relname === name;
      if (statement.is('DropStmt') && statement.node.removeType === 'OBJECT_TABLE') {
        return (statement.node.objects ?? []).some((object) => ((object as { List?: { items?: Array<{ String?: { sval?: string } }> } }).List?.items ?? []).map((item) => item.String?.sval).pop() === name);
      }
      return false;
    });
  }

  private filledBefore(relation: RangeVar, before: Statement): boolean {
    const created = this.lastCreation(relation, before);
    return created !== undefined && this.happenedBetween(this.filled.get(relationKey(relation)), created, before);
  }

  /** True when an earlier statement of this file created a table of that name (new or not any more). */
  createdEarlierInFile(relation: RangeVar | undefined, before: Statement): boolean {
    return this.lastCreation(relation, before) !== undefined;
  }

  private lastCreation(relation: RangeVar | undefined, before: Statement): number | undefined {
    if (!relation) return undefined;
    const earlier = (this.created.get(relationKey(relation)) ?? []).filter((index) => index < before.index);
    return earlier.length > 0 ? earlier[earlier.length - 1] : undefined;
  }

  /** An event from the creating statement itself on (CREATE TABLE AS fills what it creates; a rename onto a live name makes it live). */
  private happenedBetween(events: number[] | undefined, since: number, before: Statement): boolean {
    return !!events && events.some((index) => index >= since && index < before.index);
  }

  /** The value of a session setting (e.g. lock_timeout) in force when `statement` runs. */
  settingBefore(statement: Statement, name: string): string | undefined {
    const block = this.transactions[statement.index].block;
    let value: string | undefined;
    for (const change of this.settingChanges) {
      if (change.index >= statement.index) break;
      if (change.name !== name) continue;
      if (change.local && change.block !== block) continue;
      value = change.value;
    }
    return value;
  }

  /**
   * Splits the file into the units a runner executes (the whole file, or each dbmate section) and
   * follows BEGIN / COMMIT through them. A unit runs one of three ways:
   * - 'none': statement by statement, each committing on its own (psql -f);
   * - 'wrapped': inside a transaction the runner opens (Flyway, Prisma, Alembic, dbmate sections);
   * - 'single-command': sent as one command string (golang-migrate, dbmate transaction:false).
   *   PostgreSQL runs a multi-statement command as one implicit transaction, merged with any BEGIN
   *   in it and opened again after each COMMIT; a command of one statement runs outside any.
   */
  /**
   * True when a lock_timeout other than 0 (which disables it) is in force when `statement` runs.
   * `SET lock_timeout TO DEFAULT` and RESET leave no value, as the server default is 0.
   */
  lockTimeoutSet(statement: Statement): boolean {
    const value = this.settingBefore(statement, 'lock_timeout');
    return value !== undefined && !/^\s*0+(\.0*)?\s*(us|ms|s|min|h|d)?\s*$/i.test(value);
  }

  private computeTransactions(comments: Comment[], settings: Settings): void {
    const units: Array<{ start: number; mode: UnitMode }> = [{ start: -1, mode: MODE_OF_SETTING[settings.transaction] }];
    for (const comment of comments) {
      const match = DBMATE_SECTION.exec(this.text.slice(comment.start, comment.end));
      if (match) units.push({ start: comment.start, mode: /transaction\s*:\s*false/i.test(match[2]) ? 'single-command' : 'wrapped' });
    }
    const unitOf = (statement: Statement): number => {
      let unit = 0;
      while (unit + 1 < units.length && units[unit + 1].start < statement.start) unit++;
      return unit;
    };
    const unitSizes = new Map<number, number>();
    for (const statement of this.statements) unitSizes.set(unitOf(statement), (unitSizes.get(unitOf(statement)) ?? 0) + 1);

    let block: number | undefined;
    let openedBy: TransactionInfo['openedBy'];
    let nextBlock = 0;
    let currentUnit = -1;
    let reopenAfterCommit = false;
    const open = (by: TransactionInfo['openedBy']): void => {
      block = nextBlock++;
      openedBy = by;
    };
    // the statements of one block (or outside any) share one object: a large file has thousands, on every keystroke
    let shared: TransactionInfo = { inTransaction: false, block: undefined, openedBy: undefined };
    const current = (): TransactionInfo => {
      if (shared.block !== block || shared.openedBy !== openedBy) shared = { inTransaction: block !== undefined, block, openedBy };
      return shared;
    };

    for (const statement of this.statements) {
      const unit = unitOf(statement);
      if (unit !== currentUnit) {
        currentUnit = unit;
        block = undefined;
        openedBy = undefined;
        const mode = units[unit].mode;
        reopenAfterCommit = mode === 'single-command' && (unitSizes.get(unit) ?? 0) > 1;
        if (mode === 'wrapped' || reopenAfterCommit) open('runner');
      } else if (block === undefined && reopenAfterCommit) {
        open('runner');
      }
      if (statement.is('TransactionStmt')) {
        const kind = (statement.node as TransactionStmt).kind;
        if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') {
          if (block === undefined) open('begin');
          this.transactions.push(current());
          continue;
        }
        if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_PREPARE') {
          this.transactions.push(current());
          if ((statement.node as TransactionStmt).chain === true) block = nextBlock++;
          else {
            block = undefined;
            openedBy = undefined;
          }
          continue;
        }
      }
      this.transactions.push(current());
      this.recordSetting(statement, block);
    }
  }

  private recordSetting(statement: Statement, block: number | undefined): void {
    if (!statement.is('VariableSetStmt')) return;
    const node = statement.node as VariableSetStmt;
    if (!node.name) return;
    const local = node.is_local === true;
    const value = node.kind === 'VAR_SET_VALUE' ? (node.args ?? []).map(stringValueOf).join(', ') : undefined;
    this.settingChanges.push({ index: statement.index, name: node.name.toLowerCase(), value, local, block });
  }

  private computeCreatedTables(): void {
    const note = (map: Map<string, number[]>, relation: RangeVar | undefined, index: number): void => {
      if (!relation) return;
      const key = relationKey(relation);
      const list = map.get(key) ?? [];
      list.push(index);
      map.set(key, list);
    };
    const add = (relation: RangeVar | undefined, index: number): void => note(this.created, relation, index);
    for (const statement of this.statements) {
      if (statement.is('CreateStmt')) add(statement.node.relation, statement.index);
      else if (statement.is('CreateTableAsStmt')) {
        add(statement.node.into?.rel, statement.index);
        // CREATE TABLE ... AS fills the table it creates (a materialized view nobody reads yet is left as new)
        if (!statement.node.into?.skipData && statement.node.objtype !== 'OBJECT_MATVIEW') note(this.filled, statement.node.into?.rel, statement.index);
      }
      else if (statement.is('SelectStmt')) add(statement.node.intoClause?.rel, statement.index); // SELECT ... INTO new_table
      else if (statement.is('CreateSchemaStmt')) {
        // CREATE SCHEMA s CREATE TABLE t (...) ...: the tables it creates are new too
        for (const element of statement.node.schemaElts ?? []) add((element as { CreateStmt?: { relation?: RangeVar } }).CreateStmt?.relation, statement.index);
      } else if (statement.is('RenameStmt')) {
        const node = statement.node;
        if (node.renameType === 'OBJECT_TABLE' && node.relation && node.newname && this.introducedInFile(node.relation, statement)) {
          const renamed = { ...node.relation, relname: node.newname };
          // a name this file never gave a table before is one running code may use: the swap of a rebuilt table
          const liveName = !this.created.has(relationKey(renamed));
          add(renamed, statement.index);
          if (liveName && this.everExisted(renamed, statement)) note(this.madeLive, renamed, statement.index);
          if (this.filledBefore(node.relation, statement)) note(this.filled, renamed, statement.index);
        }
      } else if (statement.is('InsertStmt')) {
        // INSERT ... SELECT fills the table; a few VALUES rows leave it as good as empty
        const values = (statement.node.selectStmt as { SelectStmt?: { valuesLists?: unknown[] } } | undefined)?.SelectStmt?.valuesLists;
        if (statement.node.selectStmt && !values) note(this.filled, statement.node.relation, statement.index);
      } else if (statement.is('CopyStmt')) {
        if (statement.node.is_from) note(this.filled, statement.node.relation, statement.index);
      } else if (statement.is('AlterTableStmt')) {
        for (const entry of statement.node.cmds ?? []) {
          const cmd = (entry as { AlterTableCmd?: { subtype?: string; def?: unknown } }).AlterTableCmd;
          if (cmd?.subtype === 'AT_AttachPartition') note(this.madeLive, (cmd.def as { PartitionCmd?: { name?: RangeVar } })?.PartitionCmd?.name, statement.index);
          if (cmd?.subtype === 'AT_AddInherit') note(this.madeLive, statement.node.relation, statement.index);
        }
      }
    }
  }
}

const PG_DUMP_HEADER = /^--\s*PostgreSQL database dump\s*$/m;

/** pg_dump's preamble: `SET statement_timeout = 0; SET lock_timeout = 0; ...; SELECT pg_catalog.set_config('search_path', '', false);` */
function isSchemaDump(text: string, statements: readonly Statement[]): boolean {
  if (PG_DUMP_HEADER.test(text.slice(0, 2000))) return true;
  const normalized = (statement: Statement): string => statement.text.replace(/\s+/g, ' ').toLowerCase();
  // read on every keystroke: a migration's first statement (a SET parses as one) is not read further
  const first = statements[0];
  if (first?.kind !== 'VariableSetStmt' || normalized(first) !== 'set statement_timeout = 0') return false;
  const head = statements.slice(1, 12).map(normalized);
  return head.includes('set lock_timeout = 0') && head.some((line) => line.startsWith("select pg_catalog.set_config('search_path', ''"));
}

