/**
 * What a careful reviewer keeps in mind while reading a migration top to bottom:
 * which transaction each statement runs in, which tables this file created (empty and
 * unseen by running code, so no lock matters on them), and which session settings
 * (lock_timeout, statement_timeout) are in force.
 */
import type { RangeVar, TransactionStmt, VariableSetStmt } from 'libpg-query';
import type { Settings } from '../config';
import type { Statement } from '../source/document';
import type { Comment } from '../source/splitter';
import { relationKey, stringValueOf } from './names';

export interface TransactionInfo {
  /** True when the statement runs inside a transaction block. */
  inTransaction: boolean;
  /** Identifies the block; statements with the same id share one transaction. */
  block: number | undefined;
  /** How the block was opened: BEGIN in the file, or the runner wrapping the file (or a dbmate section). */
  openedBy: 'begin' | 'runner' | undefined;
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

export class FileModel {
  private readonly transactions: TransactionInfo[] = [];
  /** Table key -> statement indexes where this file created (or renamed something to) it. */
  private readonly created = new Map<string, number[]>();
  private readonly settingChanges: SettingChange[] = [];

  constructor(
    readonly text: string,
    readonly statements: Statement[],
    comments: Comment[],
    settings: Settings,
  ) {
    this.computeTransactions(comments, settings);
    this.computeCreatedTables();
  }

  transaction(statement: Statement): TransactionInfo {
    return this.transactions[statement.index];
  }

  /** True when an earlier statement of this file created the table `relation` names. */
  createdInFile(relation: RangeVar | undefined, before: Statement): boolean {
    if (!relation) return false;
    const indexes = this.created.get(relationKey(relation));
    return !!indexes && indexes.some((index) => index < before.index);
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

  private computeTransactions(comments: Comment[], settings: Settings): void {
    const sections = comments
      .map((comment) => ({ comment, match: DBMATE_SECTION.exec(this.text.slice(comment.start, comment.end)) }))
      .filter((entry): entry is { comment: Comment; match: RegExpExecArray } => entry.match !== null)
      .map(({ comment, match }) => ({ start: comment.start, wrapped: !/transaction\s*:\s*false/i.test(match[2]) }));
    const wrappedFile = settings.transaction === 'per-file';
    let block: number | undefined;
    let openedBy: TransactionInfo['openedBy'];
    let nextBlock = 0;
    let sectionIndex = -1;

    const openRunnerBlock = (wrapped: boolean): void => {
      block = wrapped ? nextBlock++ : undefined;
      openedBy = wrapped ? 'runner' : undefined;
    };
    if (sections.length === 0) openRunnerBlock(wrappedFile);

    for (const statement of this.statements) {
      while (sectionIndex + 1 < sections.length && sections[sectionIndex + 1].start < statement.start) {
        sectionIndex++;
        openRunnerBlock(sections[sectionIndex].wrapped);
      }
      if (statement.is('TransactionStmt')) {
        const kind = (statement.node as TransactionStmt).kind;
        if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') {
          this.transactions.push({ inTransaction: true, block: block ?? nextBlock, openedBy: openedBy ?? 'begin' });
          if (block === undefined) {
            block = nextBlock++;
            openedBy = 'begin';
          }
          continue;
        }
        if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_PREPARE') {
          this.transactions.push({ inTransaction: block !== undefined, block, openedBy });
          const chain = (statement.node as TransactionStmt).chain === true;
          if (chain) block = nextBlock++;
          else {
            block = undefined;
            openedBy = undefined;
          }
          continue;
        }
      }
      this.transactions.push({ inTransaction: block !== undefined, block, openedBy });
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
    const add = (relation: RangeVar | undefined, index: number): void => {
      if (!relation) return;
      const key = relationKey(relation);
      const list = this.created.get(key) ?? [];
      list.push(index);
      this.created.set(key, list);
    };
    for (const statement of this.statements) {
      if (statement.is('CreateStmt')) add(statement.node.relation, statement.index);
      else if (statement.is('CreateTableAsStmt')) add(statement.node.into?.rel, statement.index);
      else if (statement.is('SelectStmt')) add(statement.node.intoClause?.rel, statement.index); // SELECT ... INTO new_table
      else if (statement.is('CreateSchemaStmt')) {
        // CREATE SCHEMA s CREATE TABLE t (...) ...: the tables it creates are new too
        for (const element of statement.node.schemaElts ?? []) add((element as { CreateStmt?: { relation?: RangeVar } }).CreateStmt?.relation, statement.index);
      } else if (statement.is('RenameStmt')) {
        const node = statement.node;
        if (node.renameType === 'OBJECT_TABLE' && node.relation && node.newname && this.createdInFile(node.relation, statement)) {
          add({ ...node.relation, relname: node.newname }, statement.index);
        }
      }
    }
  }
}
