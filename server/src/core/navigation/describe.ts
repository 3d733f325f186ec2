/**
 * Hover text (Markdown) for a schema object as the whole history leaves it: a table's columns,
 * keys and indexes; a column's type, constraints and the indexes that include it; an index or a
 * constraint; and links to the migrations that created it and last changed it.
 */
import { expressionText } from '../model/schema/expression';
import type { SchemaState } from '../model/schema/state';
import { formatType } from '../model/schema/type-names';
import type { ColumnModel, ConstraintModel, IndexModel, RelationModel, SourceRef } from '../model/schema/types';
import type { SchemaObject } from './resolve';
import { sourcesOf } from './resolve';

/** A link target for a line (1-based) of a file of the workspace: a URI with a line fragment. */
export type LinkTo = (file: string, line: number) => string;
/** The 0-based line of a SourceRef's start, when its file's text is known. */
export type LineOf = (ref: SourceRef) => number | undefined;

export interface DescribeOptions {
  /** The snapshot the object is taken from, for its indexes; absent when the object no longer exists. */
  state?: SchemaState;
  link: LinkTo;
  lineOf: LineOf;
}

const code = (text: string): string => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``);

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function keyName(key: string): string {
  return key.startsWith('public.') ? key.slice('public.'.length) : key;
}

function qualifiedName(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

function defaultOf(column: ColumnModel): string {
  if (column.identity) return `generated ${column.identity} as identity`;
  if (column.generated) return `generated always as (${expressionText(column.default)}) ${column.generated}`;
  if (column.serial) return 'serial';
  return column.default ? code(expressionText(column.default)) : '';
}

function indexKeys(index: IndexModel): string {
  const keys = index.keys.map((key) => {
    const text = key.column ?? `(${expressionText(key.expression)})`;
    return [text, key.opclass, key.descending ? 'DESC' : undefined].filter(Boolean).join(' ');
  });
  return `(${keys.join(', ')})`;
}

export function indexSummary(index: IndexModel): string {
  const parts = [`${index.unique ? 'unique ' : ''}${index.method}`, indexKeys(index)];
  if (index.include.length > 0) parts.push(`include (${index.include.join(', ')})`);
  if (index.predicate) parts.push(`where ${expressionText(index.predicate)}`);
  if (!index.valid) parts.push('(not valid)');
  return parts.join(' ');
}

const CONSTRAINT_TITLES: Record<ConstraintModel['type'], string> = {
  primary: 'primary key',
  unique: 'unique',
  foreign: 'foreign key',
  check: 'check',
  exclusion: 'exclude',
};

export function constraintSummary(constraint: ConstraintModel): string {
  const parts = [`**${CONSTRAINT_TITLES[constraint.type]}** ${code(constraint.name)}`];
  if (constraint.type === 'check') parts.push(`(${expressionText(constraint.expression)})`);
  else if (constraint.columns.length > 0) parts.push(`(${constraint.columns.join(', ')})`);
  const target = constraint.references;
  if (target) {
    parts.push(`→ ${code(keyName(target.table))}${target.columns.length > 0 ? ` (${target.columns.join(', ')})` : ''}`);
    if (target.onDelete && target.onDelete !== 'a') parts.push(`on delete ${fkAction(target.onDelete)}`);
    if (target.onUpdate && target.onUpdate !== 'a') parts.push(`on update ${fkAction(target.onUpdate)}`);
  }
  if (!constraint.validated) parts.push(constraint.notEnforced ? '(not enforced)' : '(not valid)');
  return parts.join(' ');
}

function fkAction(action: string): string {
  return { c: 'cascade', n: 'set null', d: 'set default', r: 'restrict', a: 'no action' }[action] ?? action;
}

function sourceLine(object: SchemaObject, options: DescribeOptions): string {
  const { origin, changed } = sourcesOf(object);
  const link = (ref: SourceRef): string => {
    const line = options.lineOf(ref);
    const name = ref.file.replace(/\\/g, '/').split('/').pop() ?? ref.file;
    return line === undefined ? code(name) : `[${name}:${line + 1}](${options.link(ref.file, line + 1)})`;
  };
  const same = origin.file === changed.file && origin.statement === changed.statement;
  return same ? `created in ${link(origin)}` : `created in ${link(origin)} · last changed in ${link(changed)}`;
}

function columnLine(column: ColumnModel): string {
  return `${formatType(column.type)}${column.notNull ? ' not null' : ''}`;
}

/** The indexes of a table other than those that enforce one of its constraints (listed with the constraint). */
function plainIndexes(key: string, relation: RelationModel, state: SchemaState | undefined): IndexModel[] {
  const enforcing = new Set(relation.constraints.map((constraint) => constraint.index).filter(Boolean));
  return (state?.indexesOf(key) ?? []).filter((index) => !enforcing.has(index.name));
}

function describeRelation(key: string, relation: RelationModel, state: SchemaState | undefined): string[] {
  const lines = [`**${relation.kind}** ${code(qualifiedName(relation.schema, relation.name))}${relation.partitionOf ? ` partition of ${code(keyName(relation.partitionOf))}` : ''}`, ''];
  if (relation.columnsUnknown) lines.push('_columns not known without a database_', '');
  if (relation.columns.length > 0) {
    lines.push('| column | type | null | default |', '|---|---|---|---|');
    for (const column of relation.columns) {
      lines.push(`| ${cell(code(column.name))} | ${cell(formatType(column.type))} | ${column.notNull ? 'not null' : ''} | ${cell(defaultOf(column))} |`);
    }
    lines.push('');
  }
  const details = relation.constraints.map(constraintSummary);
  for (const index of plainIndexes(key, relation, state)) details.push(`**index** ${code(index.name)} ${indexSummary(index)}`);
  if (details.length > 0) lines.push(details.join('  \n'), '');
  return lines;
}

function describeColumn(key: string, relation: RelationModel, column: ColumnModel, state: SchemaState | undefined): string[] {
  const head = `**column** ${code(`${qualifiedName(relation.schema, relation.name)}.${column.name}`)} ${columnLine(column)}`;
  const fallback = defaultOf(column);
  const lines = [fallback ? `${head} default ${fallback}` : head, ''];
  const details = relation.constraints.filter((constraint) => constraint.columns.includes(column.name)).map(constraintSummary);
  for (const index of plainIndexes(key, relation, state)) {
    const covers = index.keys.some((part) => part.column === column.name) || index.include.includes(column.name);
    if (covers) details.push(`**index** ${code(index.name)} ${indexSummary(index)}`);
  }
  if (details.length > 0) lines.push(details.map((detail) => `- ${detail}`).join('\n'), '');
  return lines;
}

/** Markdown for an object; `state` is the snapshot it comes from (the schema after the whole history). */
export function describeObject(object: SchemaObject, options: DescribeOptions): string {
  let lines: string[];
  switch (object.kind) {
    case 'relation':
      lines = describeRelation(object.key, object.relation, options.state);
      break;
    case 'column':
      lines = describeColumn(object.key, object.relation, object.column, options.state);
      break;
    case 'constraint':
      lines = [`${constraintSummary(object.constraint)} on ${code(qualifiedName(object.relation.schema, object.relation.name))}`, ''];
      break;
    case 'index':
      lines = [`**index** ${code(qualifiedName(object.index.schema, object.index.name))} on ${code(keyName(object.index.table))} ${indexSummary(object.index)}`, ''];
      break;
  }
  if (!options.state) lines.push('_not in the schema after the whole history: dropped or replaced later_', '');
  lines.push(sourceLine(object, options));
  return lines.join('\n');
}
