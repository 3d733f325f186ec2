import type { AlterTableStmt, DropStmt, TruncateStmt } from 'libpg-query';
import { alterTableCommandRange, alterTableCommands } from '../model/alter-table';
import { columnIntroducedInFile, objectCreatedInFile } from '../model/introduced-in-file';
import { droppedObjectNames, rangeVarsOf } from '../model/named-objects';
import { relationName } from '../model/names';
import { lastWordIn } from '../model/statement-ranges';
import type { Statement } from '../source/document';
import type { RuleContext } from './types';
import { defineRule } from './types';

const KIND_WORDS: Record<string, string> = {
  OBJECT_MATVIEW: 'materialized view',
  OBJECT_FOREIGN_TABLE: 'foreign table',
  OBJECT_TSCONFIGURATION: 'text search configuration',
  OBJECT_TSDICTIONARY: 'text search dictionary',
  OBJECT_FDW: 'foreign-data wrapper',
  OBJECT_FOREIGN_SERVER: 'server',
};

function kindWord(removeType: string | undefined): string {
  if (!removeType) return 'object';
  return KIND_WORDS[removeType] ?? removeType.replace(/^OBJECT_/, '').replace(/_/g, ' ').toLowerCase();
}

/** ` "a", "s.b"` for the message, or nothing for objects without a plain name (a cast, an operator). */
function quoted(names: string[][]): string {
  const named = names.filter((parts) => parts.length > 0 && parts.every((part) => part !== ''));
  return named.length === 0 ? '' : ` ${named.map((parts) => `"${parts.join('.')}"`).join(', ')}`;
}

export default defineRule({
  id: 'ban-cascade',
  category: 'migration-safety',
  severity: 'warning',
  fixable: false,
  summary: 'Name every object a migration drops or empties instead of using CASCADE.',
  lock:
    'CASCADE takes an ACCESS EXCLUSIVE lock on every table whose dependent objects it drops or empties, not only on the one named: dropping a type with CASCADE, for example, locks and alters every table with a column of that type.',
  description:
    'CASCADE makes PostgreSQL drop whatever depends on the named object without listing it: views built on a table, foreign keys pointing at it, triggers using a function, and even whole table columns whose type or domain is dropped (their data with them). DROP SCHEMA ... CASCADE drops every object in the schema. TRUNCATE ... CASCADE empties every table with a foreign key to the truncated one, and the tables referencing those. What disappears depends on the database the migration meets, not on what its author saw, so review cannot catch it. Drop the dependent objects by name first and leave out CASCADE: then an unexpected dependency fails the migration (and rolls it back) instead of silently disappearing. There is no automatic rewrite: which dependents to keep is a decision. Objects created earlier in the same file are dropped without warning.',
  messages: {
    cascade:
      'Dropping {{what}}{{objects}} with CASCADE also drops every object that depends on it (views, foreign keys, triggers, even columns of a dropped type, with their data) without naming any of them; drop the dependent objects by name first and leave out CASCADE, so that an unexpected dependency fails the migration instead of disappearing.',
    schema:
      'DROP SCHEMA{{objects}} CASCADE drops every table, view, function and type in the schema, with their data, without naming any of them; drop the objects you mean by name, then the empty schema without CASCADE.',
    truncate:
      'TRUNCATE {{objects}} CASCADE also empties every table with a foreign key to it, and the tables referencing those, without naming them; truncate exactly the tables you mean, by name, without CASCADE.',
  },
  examples: {
    valid: [
      {
        sql: 'DROP VIEW order_totals;\nDROP TABLE legacy_orders;',
        description: 'Every object that goes is named; an unexpected dependent makes the migration fail.',
      },
      {
        sql: 'CREATE TYPE import_status AS ENUM (\'new\', \'done\');\nDROP TYPE import_status CASCADE;',
        description: 'The type was created by this file: nothing outside it can depend on it yet.',
      },
    ],
    invalid: [
      { sql: 'DROP TYPE order_status CASCADE;', description: 'Every column of type order_status is dropped too, with its data.' },
      { sql: 'DROP SCHEMA reporting CASCADE;', description: 'Everything in the schema goes.' },
    ],
  },
  check(context: RuleContext) {
    for (const statement of context.statementsOf('DropStmt')) checkDrop(context, statement);
    for (const statement of context.statementsOf('TruncateStmt')) checkTruncate(context, statement);
    for (const statement of context.statementsOf('AlterTableStmt')) checkAlterTable(context, statement);
  },
});

function cascadeRange(statement: Statement, range: { start: number; end: number } = statement): { start: number; end: number } {
  const token = lastWordIn(statement, 'cascade', range);
  return token ? { start: token.start, end: token.end } : range;
}

function checkDrop(context: RuleContext, statement: Statement<'DropStmt'>): void {
  const node: DropStmt = statement.node;
  if (node.behavior !== 'DROP_CASCADE' || !node.removeType) return;
  const removeType = node.removeType;
  const existing = droppedObjectNames(node.objects).filter((names) => !objectCreatedInFile(context.model, removeType, names, statement));
  if (existing.length === 0) return;
  const messageId = removeType === 'OBJECT_SCHEMA' ? 'schema' : 'cascade';
  context.report({ statement, ...cascadeRange(statement), messageId, data: { what: kindWord(removeType), objects: quoted(existing) } });
}

function checkTruncate(context: RuleContext, statement: Statement<'TruncateStmt'>): void {
  const node: TruncateStmt = statement.node;
  if (node.behavior !== 'DROP_CASCADE') return;
  const existing = rangeVarsOf(node.relations).filter((relation) => !context.model.introducedInFile(relation, statement));
  if (existing.length === 0) return;
  const objects = existing.map((relation) => `"${relationName(relation)}"`).join(', ');
  context.report({ statement, ...cascadeRange(statement), messageId: 'truncate', data: { objects } });
}

function checkAlterTable(context: RuleContext, statement: Statement<'AlterTableStmt'>): void {
  const node: AlterTableStmt = statement.node;
  const relation = node.relation;
  if (!relation || context.model.introducedInFile(relation, statement)) return;
  for (const { cmd, index } of alterTableCommands(node)) {
    if (cmd.behavior !== 'DROP_CASCADE' || !cmd.name) continue;
    if (cmd.subtype !== 'AT_DropColumn' && cmd.subtype !== 'AT_DropConstraint') continue;
    if (cmd.subtype === 'AT_DropColumn' && columnIntroducedInFile(context.statements, relation, cmd.name, statement)) continue;
    const what = cmd.subtype === 'AT_DropColumn' ? 'column' : 'constraint';
    const range = cascadeRange(statement, alterTableCommandRange(statement, index));
    context.report({ statement, ...range, messageId: 'cascade', data: { what, objects: ` "${cmd.name}" of "${relationName(relation)}"` } });
  }
}
