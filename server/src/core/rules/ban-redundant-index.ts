import { removeStatement } from '../fix/edits';
import { indexColumnsText, latestRef, namedLaterInFile, referencedByForeignKey, statementOf, touchedRelations } from '../model/design';
import { indexKeySignature } from '../model/schema/replay-index';
import type { IndexModel } from '../model/schema/types';
import type { FixSpec, RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-redundant-index',
  category: 'schema-design',
  severity: 'info',
  fixable: true,
  summary: 'Do not keep an index that another index of the table already makes redundant.',
  description:
    'Every index is written on every INSERT, on every UPDATE of its columns (and of any column, when the update cannot be HOT), and takes room in shared buffers and in every backup. An index whose definition equals another one, or a btree index whose key columns are the leading columns of another btree index with the same predicate, serves no query the other cannot: the planner uses the wider index for lookups and sorts on the leading columns. The rule judges the schema after the whole history (an index dropped by a later migration is not reported) and reports the redundant index where it is created. It does not report an index that enforces a PRIMARY KEY, UNIQUE or EXCLUDE constraint, a UNIQUE index beside a wider one (it enforces a uniqueness the wider one does not), an index whose INCLUDE columns the other lacks (they serve index-only scans), a partial index beside one with another predicate, or a partition\'s index attached to its parent\'s. Of two equal indexes the later one is reported. The fix removes the CREATE INDEX when this file creates the index, nothing else in the file refers to it, and no foreign key may rely on it (a unique index on the columns a foreign key references). Keeping a narrower index can pay on a very hot lookup (a smaller index stays in memory): measure with pg_stat_user_indexes, and keep it with `-- schemaguard-ignore ban-redundant-index -- reason`.',
  messages: {
    duplicate:
      'Index "{{index}}" on "{{table}}" repeats "{{other}}" {{columns}}: every write maintains both and they take memory twice, for no query the other cannot serve; drop "{{index}}" (keep it only with a reason: -- schemaguard-ignore ban-redundant-index -- why).',
    prefix:
      'Index "{{index}}" {{columns}} on "{{table}}" is a leading prefix of "{{other}}" {{otherColumns}}, which serves every lookup and sort on those columns: every write maintains both; drop "{{index}}", unless measurements show the narrower index pays on a hot query (then ignore it with a reason: -- schemaguard-ignore ban-redundant-index -- why).',
  },
  examples: {
    valid: [
      {
        sql: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, created_at timestamptz);\nCREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at);\nCREATE INDEX orders_created_at_idx ON orders (created_at);',
        description: 'created_at is not a leading column of the two-column index: both serve their own queries.',
      },
      {
        sql: 'CREATE TABLE users (id bigint PRIMARY KEY, email text, tenant_id bigint);\nCREATE UNIQUE INDEX users_email_key ON users (email);\nCREATE INDEX users_email_tenant_id_idx ON users (email, tenant_id);',
        description: 'The narrower index is UNIQUE: it enforces what the wider one does not.',
      },
    ],
    invalid: [
      {
        sql: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, created_at timestamptz);\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\nCREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at);',
        description: 'Lookups by customer_id use the two-column index just as well.',
      },
      {
        sql: 'CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE);\nCREATE INDEX users_email_idx ON users (email);',
        description: 'The UNIQUE constraint already built an index on email.',
      },
    ],
  },
  check(context: RuleContext) {
    const final = context.schema.final;
    for (const key of touchedRelations(context.schema)) {
      const relation = final.relations.get(key);
      if (!relation || relation.indexes.length < 2) continue;
      const indexes = final.indexesOf(key);
      for (const index of indexes) {
        if (index.constraint || index.parent || !index.valid || !context.schema.fromThisFile(index.origin)) continue;
        const other = indexes.find((candidate) => candidate !== index && candidate.valid && covers(candidate, index) && (!covers(index, candidate) || dropsFirst(context, index, candidate)));
        const statement = other && statementOf(context, index.origin);
        if (!other || !statement) continue;
        const exact = other.keys.length === index.keys.length;
        // a foreign key may rely on a unique index (PostgreSQL records which one it uses): dropping that one fails
        // made when asked for: whether a later statement names the index reads the rest of the file
        const fixes = (): FixSpec[] =>
          statement.is('IndexStmt') && !namedLaterInFile(context, statement, index.name) && !(index.unique && referencedByForeignKey(final, key, index))
            ? [{ title: `Remove the redundant index "${index.name}"`, edits: [removeStatement(context.text, statement)] }]
            : [];
        context.report({
          statement,
          messageId: exact ? 'duplicate' : 'prefix',
          data: { index: index.name, table: relation.name, other: other.name, columns: indexColumnsText(index), otherColumns: indexColumnsText(other) },
          fixes,
        });
      }
    }
  },
});

/** True when `wider` serves every query `narrower` serves: same predicate, narrower's keys leading, its INCLUDE columns present, no uniqueness lost. */
function covers(wider: IndexModel, narrower: IndexModel): boolean {
  if ((wider.predicate?.key ?? '') !== (narrower.predicate?.key ?? '')) return false;
  if (narrower.keys.length > wider.keys.length) return false;
  for (let position = 0; position < narrower.keys.length; position++) {
    if (indexKeySignature(narrower.keys[position]) !== indexKeySignature(wider.keys[position])) return false;
  }
  if (narrower.include.length > 0) {
    const widerColumns = new Set([...wider.keys.map((key) => key.column), ...wider.include]);
    if (narrower.include.some((column) => !widerColumns.has(column))) return false;
  }
  if (narrower.keys.length < wider.keys.length) return narrower.method === 'btree' && wider.method === 'btree' && !narrower.unique;
  if (wider.method !== narrower.method) return false;
  return !narrower.unique || (wider.unique && (wider.nullsNotDistinct ?? false) === (narrower.nullsNotDistinct ?? false));
}

/** Of two indexes that serve the same queries, the one to drop: not one that enforces a constraint or belongs to a parent's, else the later one. */
function dropsFirst(context: RuleContext, index: IndexModel, other: IndexModel): boolean {
  if (other.constraint || other.parent) return true;
  return latestRef(context.schema, [other.origin, index.origin]) === index.origin;
}
