/**
 * A downgrade() written from upgrade(): every op.* call undone, in reverse order, in the same batch
 * and autocommit blocks; where a call cannot be undone from what the revision says (a drop, SQL in
 * op.execute, a data change), downgrade() raises NotImplementedError there, naming the calls that
 * cannot be undone, so that `alembic downgrade` stops with a clear reason instead of pretending.
 */
import type { SchemaView } from '../../model/schema/view';
import { quoteName } from '../../source/python/alembic-sql';
import type { AlembicRevision, BatchContext, MigrationFunction, OpCall } from '../../source/python/revision';
import { readTableElement, readType } from '../../source/python/sqlalchemy';
import type { SyntaxNode } from '../../source/python/syntax';
import { childrenOf } from '../../source/python/syntax';
import type { PyValue } from '../../source/python/values';
import { argumentOf, keyword, stringOf } from '../../source/python/values';
import type { VirtualScript } from '../../source/python/virtual-sql';
import { virtualScript } from '../../source/python/virtual-sql';
import type { FixSpec } from '../types';
import { AUTOCOMMIT_BLOCK } from './autocommit';
import { lineBreak, pyString, sourceOf } from './python-text';

interface Undo {
  /** The Python statements that undo the call (`op.` or `batch_op.` calls). */
  code: string[];
  batch?: BatchContext;
  autocommit: boolean;
}

interface Context {
  text: string;
  virtual: VirtualScript;
  schema?: SchemaView;
}

const CONSTRAINT_TYPES: Record<string, string> = { create_foreign_key: 'foreignkey', create_check_constraint: 'check', create_unique_constraint: 'unique', create_primary_key: 'primary' };

/** The fix for a missing or `pass` downgrade(); undefined when upgrade() is not only op.* calls it can read. */
export function generatedDowngradeFix(revision: AlembicRevision, schema: SchemaView | undefined): FixSpec | undefined {
  const { upgrade, downgrade, text } = revision;
  if (!upgrade || upgrade.opaque || upgrade.calls.some((call) => call.conditional || call.spread)) return undefined;
  const context: Context = { text, virtual: virtualScript(upgrade), schema };
  const calls = [...upgrade.calls];
  // SET lock_timeout and the like at the start of upgrade() hold for downgrade() too: written first
  const settings: string[] = [];
  while (calls.length > 0 && isSetting(context, calls[0])) settings.push(sourceOf(text, calls.shift()!));
  const undos: Undo[] = [];
  const irreversible: OpCall[] = [];
  // undone in reverse order up to the first call that cannot be: downgrade() raises there (what would follow never runs)
  for (const call of [...calls].reverse()) {
    const code = isSetting(context, call) ? [] : undoOf(context, call);
    if (!code) irreversible.push(call);
    else if (irreversible.length === 0 && code.length > 0) undos.push({ code, batch: call.batch, autocommit: !!call.autocommit });
  }
  const newline = lineBreak(text);
  const indent = '    ';
  const lines = [...settings.map((line) => `${indent}${line}`), ...blockLines(undos, indent, text)];
  if (irreversible.length > 0) {
    const what = irreversible.reverse().map((call) => describe(text, call)).join(', ');
    lines.push(`${indent}raise NotImplementedError(${pyString(`upgrade() cannot be undone past ${what}: restore what it removed or changed by hand`)})`);
  }
  if (lines.length === 0) lines.push(`${indent}pass`);
  const title = irreversible.length > 0 ? 'Write downgrade(): undo upgrade() in reverse order, raising NotImplementedError where it cannot' : 'Write downgrade(): undo upgrade() in reverse order';
  const body = lines.join(newline);
  if (!downgrade) {
    const end = lastCharacterEnd(text, upgrade.end);
    const annotation = text.slice(upgrade.nameSpan.end, upgrade.body.start).includes('-> None') ? ' -> None' : '';
    return { title, edits: [{ start: end, end, newText: `${newline}${newline}${newline}def downgrade()${annotation}:${newline}${body}` }] };
  }
  const span = replaceableBody(revision, downgrade);
  if (!span) return undefined;
  return { title, edits: [{ start: span.start, end: span.end, newText: body.slice(indent.length) }] };
}

/** The undo lines grouped back into the batch_alter_table / autocommit_block blocks their calls were in. */
function blockLines(undos: readonly Undo[], indent: string, text: string): string[] {
  const lines: string[] = [];
  let open: { batch?: BatchContext; autocommit: boolean } | undefined;
  for (const undo of undos) {
    if (!open || open.batch !== undo.batch || open.autocommit !== undo.autocommit) {
      open = { batch: undo.batch, autocommit: undo.autocommit };
      if (undo.autocommit) lines.push(`${indent}${AUTOCOMMIT_BLOCK}`);
      if (undo.batch) lines.push(`${indent}${undo.autocommit ? '    ' : ''}with ${sourceOf(text, undo.batch)} as batch_op:`);
    }
    const inner = `${indent}${undo.autocommit ? '    ' : ''}${undo.batch ? '    ' : ''}`;
    for (const code of undo.code) lines.push(`${inner}${code}`);
  }
  return lines;
}

function isSetting(context: Context, call: OpCall): boolean {
  if (call.name !== 'execute') return false;
  const statements = statementsOf(context, call);
  return statements.length > 0 && statements.every((statement) => statement.kind === 'VariableSetStmt');
}

function statementsOf(context: Context, call: OpCall) {
  return context.virtual.script.statements.filter((statement) => context.virtual.statementAt(statement.start)?.call === call);
}

/** The call that undoes `call` (without indentation), or undefined when the revision does not say enough. */
function undoOf(context: Context, call: OpCall): string[] | undefined {
  const { text } = context;
  const prefix = call.batch ? 'batch_op' : 'op';
  const signature = (names: string[], batchNames: string[]): string[] => (call.batch ? batchNames : names);
  const source = (value: PyValue | undefined): string | undefined => (value ? sourceOf(text, value) : undefined);
  const schemaArgument = call.batch ? '' : optional('schema', source(argumentOf(call, signatureOf(call.name), 'schema')));
  switch (call.name) {
    case 'create_table': {
      const table = source(call.args[0]);
      if (!table || call.batch) return undefined;
      return [`op.drop_table(${table}${schemaArgument})`, ...typesCreatedBy(context, call).map((type) => `op.execute(${pyString(`DROP TYPE ${type}`)})`)];
    }
    case 'add_column': {
      const column = argumentOf(call, signature(['table_name', 'column', 'schema'], ['column']), 'column');
      const element = column && readTableElement(column);
      const table = source(argumentOf(call, ['table_name'], 'table_name'));
      if (element?.kind !== 'column' || (!call.batch && !table)) return undefined;
      return [`${prefix}.drop_column(${call.batch ? '' : `${table}, `}${pyString(element.name.value)}${schemaArgument})`];
    }
    case 'rename_table': {
      const [old, renamed] = [source(argumentOf(call, ['old_table_name'], 'old_table_name')), source(argumentOf(call, ['old_table_name', 'new_table_name'], 'new_table_name'))];
      return old && renamed ? [`op.rename_table(${renamed}, ${old}${schemaArgument})`] : undefined;
    }
    case 'alter_column':
      return alterColumnUndo(context, call, schemaArgument);
    case 'create_index': {
      const names = signature(['index_name', 'table_name'], ['index_name']);
      const name = source(argumentOf(call, names, 'index_name'));
      const table = source(argumentOf(call, names, 'table_name'));
      if (!name || stringOf(argumentOf(call, names, 'index_name')) === undefined && !name.startsWith('op.f(')) return undefined;
      const concurrently = keyword(call, 'postgresql_concurrently')?.value;
      const flag = concurrently?.kind === 'bool' && concurrently.value ? ', postgresql_concurrently=True' : '';
      return [`${prefix}.drop_index(${name}${call.batch || !table ? '' : `, table_name=${table}`}${schemaArgument}${flag})`];
    }
    case 'create_foreign_key':
    case 'create_check_constraint':
    case 'create_unique_constraint':
    case 'create_primary_key': {
      const names = call.batch ? ['constraint_name'] : ['constraint_name', call.name === 'create_foreign_key' ? 'source_table' : 'table_name'];
      const written = argumentOf(call, names, 'constraint_name');
      const name = written && written.kind !== 'none' ? source(written) : constraintNameOf(context, call);
      const table = call.batch ? '' : source(argumentOf(call, names, names[1]));
      if (!name || table === undefined) return undefined;
      const schema = call.name === 'create_foreign_key' && !call.batch ? optional('schema', source(keyword(call, 'source_schema')?.value)) : schemaArgument;
      return [`${prefix}.drop_constraint(${name}${call.batch ? '' : `, ${table}`}, type_="${CONSTRAINT_TYPES[call.name]}"${schema})`];
    }
    default:
      return undefined;
  }
}

function signatureOf(name: string): string[] {
  switch (name) {
    case 'drop_table':
      return ['table_name', 'schema'];
    case 'rename_table':
      return ['old_table_name', 'new_table_name', 'schema'];
    case 'add_column':
      return ['table_name', 'column', 'schema'];
    case 'create_index':
      return ['index_name', 'table_name', 'columns', 'schema'];
    default:
      return [];
  }
}

function optional(name: string, value: string | undefined): string {
  return value === undefined || value === 'None' ? '' : `, ${name}=${value}`;
}

/** alter_column back: the new name to the old, and each changed property to its value before (existing_*= or the schema model). */
function alterColumnUndo(context: Context, call: OpCall, schemaArgument: string): string[] | undefined {
  const { text } = context;
  const names = call.batch ? ['column_name'] : ['table_name', 'column_name'];
  const table = call.batch ? undefined : argumentOf(call, names, 'table_name');
  const column = argumentOf(call, names, 'column_name');
  const columnName = stringOf(column);
  if (!column || columnName === undefined || (!call.batch && !table)) return undefined;
  const renamed = keyword(call, 'new_column_name')?.value;
  const current = renamed && renamed.kind === 'str' ? renamed.value : columnName;
  const before = columnBefore(context, call, stringOf(table), columnName);
  const parts: string[] = [];
  const type = keyword(call, 'type_')?.value;
  if (type && type.kind !== 'none') {
    const existing = keyword(call, 'existing_type')?.value;
    if (!existing || !readType(existing)) return undefined;
    parts.push(`type_=${sourceOf(text, existing)}`, `existing_type=${sourceOf(text, type)}`);
  }
  const nullable = keyword(call, 'nullable')?.value;
  if (nullable && nullable.kind === 'bool') {
    const existing = keyword(call, 'existing_nullable')?.value;
    const was = existing?.kind === 'bool' ? existing.value : before ? !before.notNull : undefined;
    if (was === undefined) return undefined;
    parts.push(`nullable=${was ? 'True' : 'False'}`);
  }
  const serverDefault = keyword(call, 'server_default');
  if (serverDefault && !(serverDefault.value.kind === 'bool' && !serverDefault.value.value)) {
    const existing = keyword(call, 'existing_server_default')?.value;
    if (existing) parts.push(`server_default=${sourceOf(text, existing)}`);
    else if (before && !before.default) parts.push('server_default=None');
    else return undefined;
  }
  const comment = keyword(call, 'comment');
  if (comment) {
    const existing = keyword(call, 'existing_comment')?.value;
    if (existing) parts.push(`comment=${sourceOf(text, existing)}`);
    else if (before) parts.push(`comment=${before.comment === undefined ? 'None' : pyString(before.comment)}`);
    else return undefined;
  }
  if (renamed && renamed.kind !== 'none') parts.push(`new_column_name=${pyString(columnName)}`);
  if (parts.length === 0) return undefined;
  const prefix = call.batch ? 'batch_op' : 'op';
  return [`${prefix}.alter_column(${call.batch ? '' : `${sourceOf(text, table!)}, `}${pyString(current)}, ${parts.join(', ')}${schemaArgument})`];
}

/** The column as the earlier revisions left it, from the schema model. */
function columnBefore(context: Context, call: OpCall, table: string | undefined, column: string) {
  const name = call.batch ? stringOf(call.batch.args[0] ?? keyword(call.batch, 'table_name')?.value) : table;
  const schema = call.batch ? stringOf(keyword(call.batch, 'schema')?.value) : stringOf(keyword(call, 'schema')?.value);
  const key = name === undefined ? undefined : context.schema?.before.resolveRelation({ schema, name });
  return key ? context.schema!.before.relations.get(key)?.columns.find((candidate) => candidate.name === column) : undefined;
}

/** A constraint's name PostgreSQL generated (the call gave None): from the schema model after upgrade(). */
function constraintNameOf(context: Context, call: OpCall): string | undefined {
  const view = context.schema;
  if (!view) return undefined;
  for (const statement of statementsOf(context, call)) {
    for (const relation of view.after.relations.values()) {
      const made = relation.constraints.find((constraint) => constraint.origin.file === view.file && constraint.origin.statement === statement.index);
      if (made) return pyString(made.name);
    }
  }
  return undefined;
}

/** Enum types the create_table call created (CREATE TYPE in its rendered SQL), as SQL names to drop. */
function typesCreatedBy(context: Context, call: OpCall): string[] {
  return statementsOf(context, call)
    .filter((statement) => statement.is('CreateEnumStmt'))
    .map((statement) => {
      const names = ((statement.node as { typeName?: Array<{ String?: { sval?: string } }> }).typeName ?? []).map((part) => part.String?.sval ?? '');
      return names.map(quoteName).join('.');
    });
}

/** `op.drop_column("users", "bio")`: the call as the message names it (its first arguments as written). */
function describe(text: string, call: OpCall): string {
  const args = call.args.slice(0, 2).map((value) => sourceOf(text, value)).join(', ');
  const shown = args.length > 60 ? `${args.slice(0, 57)}...` : args;
  return `${call.batch ? 'batch_op' : 'op'}.${call.name}(${shown})`;
}

/** The end of the last character of a definition that is not whitespace. */
function lastCharacterEnd(text: string, end: number): number {
  let at = end;
  while (at > 0 && ' \t\r\n'.includes(text[at - 1])) at--;
  return at;
}

/** The statements of a `pass` downgrade() after its docstring: what the generated body replaces. */
function replaceableBody(revision: AlembicRevision, fn: MigrationFunction): { start: number; end: number } | undefined {
  let node: SyntaxNode | null = revision.tree.resolveInner(fn.nameSpan.start, 1);
  while (node && node.name !== 'FunctionDefinition') node = node.parent;
  const body = node?.getChild('Body');
  if (!body) return undefined;
  const statements = childrenOf(body).filter((child) => child.name !== ':' && child.name !== 'Comment');
  const first = statements.findIndex((statement) => !(statement.name === 'ExpressionStatement' && ['String', 'ContinuedString'].includes(statement.firstChild?.name ?? '')));
  if (first < 0) return undefined;
  return { start: statements[first].from, end: lastCharacterEnd(revision.text, statements[statements.length - 1].to) };
}
