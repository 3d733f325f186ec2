import { columnNamed, designTables, isHistoryTable, isPlural, isTreeEncoding, touchedRelations, isTextType, nameWords, ownColumns, singular, statementOf, tableNamedBy, typeText } from '../model/design';
import type { SchemaState } from '../model/schema/state';
import type { ColumnModel, TypeRef } from '../model/schema/types';
import type { RuleContext } from './types';
import { defineRule } from './types';

const ID_TYPES = new Set(['smallint', 'integer', 'bigint', 'uuid', 'text', 'character varying', 'citext']);

export default defineRule({
  id: 'ban-list-valued-column',
  category: 'schema-design',
  severity: 'info',
  fixable: false,
  summary: 'Store a list of references to another table in a junction table, not in one column.',
  description:
    'A column that holds several ids or names of another table (`tag_ids text` with "3,7,12", `tag_ids bigint[]`, `member_ids jsonb`, `tags text` beside a `tags` table) breaks first normal form: no foreign key checks that the ids exist or cascades a delete, every join has to unpack the value (`string_to_array`, `unnest`, `@>`), finding the rows that reference one tag needs a GIN index or a scan, and adding or removing one entry rewrites the whole value (and races with a concurrent change). A junction table (`post_tags (post_id, tag_id)` with two foreign keys and a primary key) holds the same facts with integrity and indexes. The rule reports a column whose name says it lists another table\'s ids (`*_ids`, `*_id_list`, `*_list`) or names (the plural of the name of a table with a unique text column), when that table exists in the schema after the whole history and the column is text, an array of ids or names, or json/jsonb; it never guesses without the table. Tree encodings (`ancestor_ids`, `traversal_ids`, `path`) are left alone, and so are history tables (`pool_versions.post_ids`), which keep the whole state of a row as it was. No quick fix: the data has to move. An array is a fair choice for an ordered list that is always read and written whole and never joined, or a cache rebuilt from a normalized source: say so with `-- schemaguard-ignore ban-list-valued-column -- reason`.',
  messages: {
    ids: 'Column "{{column}}" of "{{table}}" keeps a list of "{{target}}" ids in one {{type}} value: no foreign key checks them, joins must unpack the value, and changing one entry rewrites the whole list; use a junction table ({{junction}}: {{parent}}_id, {{child}}_id, both foreign keys). An ordered list that is always read whole and never joined, or a cache, is a fair exception: ignore it with a reason (-- schemaguard-ignore ban-list-valued-column -- reason).',
    names:
      'Column "{{column}}" of "{{table}}" keeps a list of "{{target}}" names in one {{type}} value: renaming a row of "{{target}}" leaves stale copies, nothing checks the names exist, and joins must split the value; use a junction table ({{junction}}: {{parent}}_id, {{child}}_id, both foreign keys). A list that is only displayed and never joined is a fair exception: ignore it with a reason (-- schemaguard-ignore ban-list-valued-column -- reason).',
  },
  examples: {
    valid: [
      {
        sql: 'CREATE TABLE tags (id bigint PRIMARY KEY, name text UNIQUE);\nCREATE TABLE posts (id bigint PRIMARY KEY, title text);\nCREATE TABLE post_tags (post_id bigint REFERENCES posts, tag_id bigint REFERENCES tags, PRIMARY KEY (post_id, tag_id));',
        description: 'A junction table: each reference is a row with foreign keys.',
      },
      { sql: 'CREATE TABLE namespaces (id bigint PRIMARY KEY, traversal_ids bigint[] NOT NULL);', description: 'A materialized path of ancestors: a tree encoding, not a relationship.' },
    ],
    invalid: [
      { sql: 'CREATE TABLE tags (id bigint PRIMARY KEY, name text);\nCREATE TABLE posts (id bigint PRIMARY KEY, title text, tag_ids bigint[]);', description: 'Nothing checks that the ids are tags; deleting a tag leaves them behind.' },
      { sql: "CREATE TABLE roles (id bigint PRIMARY KEY, name text UNIQUE);\nCREATE TABLE users (id bigint PRIMARY KEY, roles text DEFAULT 'member');", description: 'Comma-separated role names: renaming a role leaves stale copies.' },
    ],
  },
  check(context: RuleContext) {
    const final = context.schema.final;
    const touched = touchedRelations(context.schema);
    for (const { key, table } of designTables(final)) {
      if (!touched.has(key) || table.partitionOf || isHistoryTable(table)) continue;
      for (const column of ownColumns(table)) {
        if (!context.schema.fromThisFile(column.origin)) continue;
        const listed = listOf(column);
        const target = listed && tableNamedBy(final, listed.noun, table.schema);
        const statement = target && statementOf(context, column.origin);
        if (!listed || !target || !statement) continue;
        // names refer to a natural key: without a unique name on the target, a plural is just a plural (comments text)
        if (listed.kind === 'names' && !hasUniqueName(final, target.key)) continue;
        const parent = singular(table.name);
        const child = singular(target.table.name);
        context.report({
          statement,
          start: column.origin.start,
          end: column.origin.end,
          messageId: listed.kind,
          data: { column: column.name, table: table.name, target: target.table.name, type: typeText(column.type), junction: `${parent}_${target.table.name}`, parent, child: child === parent ? `related_${child}` : child },
        });
      }
    }
  },
});

/** What a column's name and type say it lists: ids (`tag_ids`) or names (`tags`) of the table a noun names. */
function listOf(column: ColumnModel): { kind: 'ids' | 'names'; noun: string } | undefined {
  const words = nameWords(column.name);
  if (isTreeEncoding(column.name)) return undefined;
  const last = words[words.length - 1];
  const before = words[words.length - 2];
  const type = column.type;
  if (last === 'ids' && before && holdsIds(type)) return { kind: 'ids', noun: singular(before) };
  if (last === 'list' && before === 'id' && words[words.length - 3] && holdsIds(type)) return { kind: 'ids', noun: singular(words[words.length - 3]) };
  if (last === 'list' && before && (isTextType(type) || isNameArray(type))) return { kind: 'names', noun: singular(before) };
  if (last && isPlural(last) && ((words.length === 1 && isTextType(type)) || isNameArray(type))) return { kind: 'names', noun: singular(last) };
  return undefined;
}

/** Text (a separated list), an array of an id type, or json/jsonb. */
function holdsIds(type: TypeRef): boolean {
  if (type.array) return ID_TYPES.has(type.name);
  return isTextType(type) || type.name === 'json' || type.name === 'jsonb';
}

/** True when a text column of the table is unique on its own (a natural key that names rows). */
function hasUniqueName(state: SchemaState, tableKey: string): boolean {
  const table = state.relations.get(tableKey)!;
  return state.indexesOf(tableKey).some((index) => {
    const column = index.unique && !index.predicate && index.keys.length === 1 ? columnNamed(table, index.keys[0].column) : undefined;
    return column !== undefined && isTextType(column.type);
  });
}

function isNameArray(type: TypeRef): boolean {
  return type.array && isTextType({ ...type, array: false });
}
