import { columnsWrittenInFile } from '../model/column-writes';
import type { KeyKind } from '../model/primary-keys';
import { CONVENTION_MIN_TABLES, isOwnKeyColumn, keyConvention, keyKindOf, ownKeyColumn, ownKeyOf } from '../model/primary-keys';
import type { SchemaState } from '../model/schema/state';
import type { RuleContext } from './types';
import { defineRule } from './types';

const KIND_NAMES = { integer: 'an integer', uuid: 'a UUID' } as const;
const KIND_PLURALS = { integer: 'integer', uuid: 'UUID' } as const;

export default defineRule({
  id: 'require-consistent-key-type',
  category: 'schema-design',
  severity: 'info',
  fixable: false,
  summary: 'Give primary keys the kind the workspace chose: the primaryKeys setting, or the convention most tables follow.',
  description:
    'Integer and UUID keys are both sound choices with different costs: bigint identity keys are small, ordered and cheap to index but need the one database to hand them out; UUIDs can be made by any writer without coordination (several services, offline clients, merging databases) at 16 bytes a key. Mixing them without a reason makes every join and foreign key a question, and an API that exposes both kinds leaks the difference. The `primaryKeys` setting says which the workspace chose: `"uuid"` reports integer keys, `"bigint"` reports UUID keys (integer keys narrower than bigint are prefer-bigint-identity-key\'s), and `"auto"` (the default) does not argue with a consistent choice but reports a table whose key breaks the convention and that a foreign key joins to a table keyed the conventional way (a group of tables that only reference each other, such as a job-queue library\'s tables, is a choice of its own). The convention is the kind of at least three quarters of the tables that chose an integer or UUID key of their own, when at least ' +
    `${CONVENTION_MIN_TABLES}` +
    ' tables did (natural and composite keys, keys that are also foreign keys, and partitions do not count). Only a table\'s own single-column key is judged, where this file writes its type. If the table really needs the other kind (a public table exposed by UUID in an integer schema, say), ignore it with a reason.',
  messages: {
    integerUnderUuid:
      'Primary key "{{table}}"."{{column}}" is {{type}}, but the workspace\'s primaryKeys setting is "uuid": an integer key needs the one database to hand out values, and tables that reference it mix key kinds. Use a uuid key (time-ordered UUIDv7 if rows are inserted often), or ignore this with the reason this table differs.',
    uuidUnderBigint:
      'Primary key "{{table}}"."{{column}}" is uuid, but the workspace\'s primaryKeys setting is "bigint": a UUID key takes 16 bytes in this table and in every index and foreign key that references it, and tables that reference it mix key kinds. Use bigint GENERATED ALWAYS AS IDENTITY, or ignore this with the reason this table differs.',
    breaksConvention:
      'Primary key "{{table}}"."{{column}}" is {{kind}} key, but {{following}} of the {{voting}} tables with keys of their own in this schema use {{conventionPlural}} keys: mixed key kinds make every join and foreign key a question. Use {{convention}} key like the others, set primaryKeys in .schemaguard.json if the mix is the plan, or ignore this with the reason this table differs.',
  },
  examples: {
    valid: [
      {
        sql: 'CREATE TABLE users (id uuid PRIMARY KEY);\nCREATE TABLE teams (id uuid PRIMARY KEY);\nCREATE TABLE projects (id uuid PRIMARY KEY);\nCREATE TABLE tasks (id uuid PRIMARY KEY);',
        description: 'A consistent choice is not argued with.',
      },
      { sql: 'CREATE TABLE users (id uuid PRIMARY KEY);\nCREATE TABLE audit_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);', description: 'Two tables are no convention.' },
    ],
    invalid: [
      {
        sql: 'CREATE TABLE users (id uuid PRIMARY KEY);\nCREATE TABLE teams (id uuid PRIMARY KEY);\nCREATE TABLE projects (id uuid PRIMARY KEY);\nCREATE TABLE tasks (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, project_id uuid NOT NULL REFERENCES projects);',
        description: 'Three of four tables use UUID keys, and tasks joins them.',
      },
      { sql: 'CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);', settings: { primaryKeys: 'uuid' } },
    ],
  },
  check(context: RuleContext) {
    const mode = context.settings.primaryKeys;
    const convention = mode === 'auto' ? keyConvention(context.schema.final) : undefined;
    if (mode === 'auto' && !convention) return;
    for (const write of columnsWrittenInFile(context, 'type', isOwnKeyColumn)) {
      const kind = ownKeyOf(write);
      if (!kind) continue;
      const { table, column, statement, range } = write;
      const data = { table: table.name, column: column.name, type: context.text.slice(range.start, range.end), kind: KIND_NAMES[kind] };
      if (mode === 'uuid' && kind === 'integer') context.report({ statement, start: range.start, end: range.end, messageId: 'integerUnderUuid', data });
      else if (mode === 'bigint' && kind === 'uuid') context.report({ statement, start: range.start, end: range.end, messageId: 'uuidUnderBigint', data });
      else if (convention && kind !== convention.kind && linkedToConvention(context.schema.final, write.tableKey, convention.kind)) {
        const conventionData = { ...data, convention: KIND_NAMES[convention.kind], conventionPlural: KIND_PLURALS[convention.kind], following: convention.following, voting: convention.voting };
        context.report({ statement, start: range.start, end: range.end, messageId: 'breaksConvention', data: conventionData });
      }
    }
  },
});

/**
 * True when a foreign key joins the table to a table keyed the convention's way (either direction):
 * where the kinds meet, the mix costs. A group of tables that only reference each other (a job
 * queue library's tables, an audit log) is a choice of its own.
 */
function linkedToConvention(state: SchemaState, tableKey: string, kind: KeyKind): boolean {
  const conventional = (key: string): boolean => {
    const table = state.relations.get(key);
    const column = table && ownKeyColumn(table);
    return column !== undefined && keyKindOf(column) === kind;
  };
  const table = state.relations.get(tableKey);
  if (table?.constraints.some((constraint) => constraint.references && conventional(constraint.references.table))) return true;
  return state.referencing(tableKey).some((entry) => entry.key !== tableKey && conventional(entry.key));
}
