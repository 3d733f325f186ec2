import type { AlterTableCmd, AlterTableStmt, Constraint, RangeVar } from 'libpg-query';
import { wrapInTransaction } from '../fix/wrap-in-transaction';
import { altersRelation, altersTable, alterTableCommandRange, alterTableCommands, definitionOf } from '../model/alter-table';
import { droppedObjectNames } from '../model/named-objects';
import { relationKey, relationName } from '../model/names';
import type { Statement } from '../source/document';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-replication-breaking-change',
  category: 'migration-safety',
  severity: 'warning',
  fixable: true,
  summary: 'Do not leave a table without a replica identity: dropping its primary key or setting REPLICA IDENTITY NOTHING.',
  lock:
    'ALTER TABLE ... DROP CONSTRAINT and ALTER TABLE ... REPLICA IDENTITY take an ACCESS EXCLUSIVE lock on the table for an instant; the damage comes after the commit, when UPDATE and DELETE on a published table start failing.',
  description:
    'Logical replication (PostgreSQL publications, Debezium and other change-data-capture tools, Supabase Realtime) identifies the row an UPDATE or DELETE changed by the table\'s replica identity, which by default is its primary key. Once a table in a publication that publishes updates and deletes has no replica identity (its primary key is dropped with REPLICA IDENTITY DEFAULT, or REPLICA IDENTITY NOTHING is set), PostgreSQL refuses every UPDATE and DELETE on it: "cannot update table because it does not have a replica identity and publishes updates". To replace a primary key, add the new one in the same ALTER TABLE (`DROP CONSTRAINT t_pkey, ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey_new`) or in the same transaction, so no other session ever sees the table without one; or set REPLICA IDENTITY USING INDEX (a unique index on NOT NULL columns) or FULL first. When the replacement comes in a later statement that commits separately, the quick fix wraps the statements in one transaction. A constraint counts as the primary key when this file added it as one, or when its name ends in `_pkey` (PostgreSQL\'s default) or starts with `pk_`. REPLICA IDENTITY FULL and USING INDEX are not reported. Tables created earlier in the same file are changed without warning.',
  messages: {
    dropPrimaryKey:
      'Dropping primary key "{{constraint}}" leaves "{{table}}" without a replica identity, so from the commit on every UPDATE and DELETE on it fails while it is in a publication; add the replacement primary key in the same statement or transaction, or set REPLICA IDENTITY USING INDEX or FULL first.',
    identityNothing:
      'REPLICA IDENTITY NOTHING on "{{table}}" makes every UPDATE and DELETE on it fail while the table is in a publication that publishes them; keep DEFAULT (the primary key), or use USING INDEX on a unique index or FULL.',
  },
  examples: {
    valid: [
      {
        sql: 'ALTER TABLE accounts\n  DROP CONSTRAINT accounts_pkey,\n  ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_id_bigint_key;',
        description: 'The new primary key replaces the old one in the same statement.',
      },
      { sql: 'ALTER TABLE audit_log REPLICA IDENTITY FULL;', description: 'The whole old row identifies it: replication keeps working.' },
    ],
    invalid: [
      { sql: 'ALTER TABLE accounts DROP CONSTRAINT accounts_pkey;', description: 'UPDATE and DELETE on a published accounts table fail from the commit on.' },
      { sql: 'ALTER TABLE accounts REPLICA IDENTITY NOTHING;', description: 'The same, on purpose.' },
    ],
  },
  check(context: RuleContext) {
    for (const statement of context.statementsOf('AlterTableStmt')) {
      const node: AlterTableStmt = statement.node;
      const relation = node.relation;
      if (!relation || !altersTable(node) || context.model.introducedInFile(relation, statement)) continue;
      const data = { table: relationName(relation) };
      const commands = alterTableCommands(node);
      for (const { cmd, index } of commands) {
        const range = alterTableCommandRange(statement, index);
        const identity = definitionOf(cmd, 'ReplicaIdentityStmt');
        if (cmd.subtype === 'AT_ReplicaIdentity' && identity?.identity_type === 'n') {
          context.report({ statement, ...range, messageId: 'identityNothing', data });
          continue;
        }
        if (cmd.subtype !== 'AT_DropConstraint' || !cmd.name || !isPrimaryKey(context, relation, cmd.name, statement)) continue;
        if (commands.some((other) => addsPrimaryKey(other.cmd))) continue;
        if (identitySetEarlier(context, relation, statement)) continue;
        const later = context.statements.slice(statement.index + 1);
        if (later.some((other) => dropsTable(other, relation))) continue; // the whole table goes: ban-drop-table speaks for it
        const replacement = later.find((other) => addsPrimaryKeyTo(other, relation));
        const here = context.model.transaction(statement);
        if (replacement && here.inTransaction && context.model.transaction(replacement).block === here.block) continue;
        const fix = replacement ? wrapInTransaction(context.text, context.model, context.settings, statement, replacement) : undefined;
        context.report({ statement, ...range, messageId: 'dropPrimaryKey', data: { ...data, constraint: cmd.name }, fixes: fix ? [fix] : [] });
      }
    }
  },
});

/** ADD [CONSTRAINT ...] PRIMARY KEY, or ADD COLUMN ... PRIMARY KEY. */
function addsPrimaryKey(cmd: AlterTableCmd): boolean {
  if (cmd.subtype === 'AT_AddConstraint') return definitionOf(cmd, 'Constraint')?.contype === 'CONSTR_PRIMARY';
  if (cmd.subtype !== 'AT_AddColumn') return false;
  const column = definitionOf(cmd, 'ColumnDef');
  return (column?.constraints ?? []).some((entry) => (entry as { Constraint?: Constraint }).Constraint?.contype === 'CONSTR_PRIMARY');
}

function dropsTable(statement: Statement, relation: RangeVar): boolean {
  if (!statement.is('DropStmt') || statement.node.removeType !== 'OBJECT_TABLE') return false;
  return droppedObjectNames(statement.node.objects).some((names) => names[names.length - 1] === relationKey(relation));
}

function addsPrimaryKeyTo(statement: Statement, relation: RangeVar): boolean {
  return altersRelation(statement, relation) && alterTableCommands(statement.node).some(({ cmd }) => addsPrimaryKey(cmd));
}

/** By PostgreSQL's default name (`<table>_pkey`), the `pk_` convention, or because this file added it as the primary key. */
function isPrimaryKey(context: RuleContext, relation: RangeVar, name: string, before: Statement): boolean {
  if (name.endsWith('_pkey') || name.startsWith('pk_')) return true;
  return context.statements
    .slice(0, before.index)
    .some((statement) => altersRelation(statement, relation) && alterTableCommands(statement.node).some(({ cmd }) => addsPrimaryKey(cmd) && definitionOf(cmd, 'Constraint')?.conname === name));
}

/** REPLICA IDENTITY FULL or USING INDEX set on the table earlier in the file: the primary key no longer identifies rows. */
function identitySetEarlier(context: RuleContext, relation: RangeVar, before: Statement): boolean {
  return context.statements.slice(0, before.index).some(
    (statement) =>
      altersRelation(statement, relation) &&
      alterTableCommands(statement.node).some(({ cmd }) => {
        const type = definitionOf(cmd, 'ReplicaIdentityStmt')?.identity_type;
        return cmd.subtype === 'AT_ReplicaIdentity' && (type === 'f' || type === 'i');
      }),
  );
}
