import { clauseRange, designTables, isHistoryTable, isTextType, isTreeEncoding, touchedRelations, nameWords, ownColumns, reportedHere, singular, statementOf } from '../model/design';
import type { ColumnModel, ConstraintModel, RelationModel } from '../model/schema/types';
import type { RuleContext } from './types';
import { defineRule } from './types';

/**
 * Words of the copies that are snapshots by nature: an amount charged or a price at the time of
 * the row, the address an order was shipped to. Their copy is the point, not a dependency.
 */
const SNAPSHOT_WORDS = new Set([
  'price', 'amount', 'cost', 'total', 'fee', 'rate', 'tax', 'discount', 'currency', 'balance',
  'address', 'street', 'city', 'zip', 'postal', 'postcode', 'country', 'region', 'line1', 'line2',
]);

export default defineRule({
  id: 'ban-transitive-dependency',
  category: 'schema-design',
  severity: 'info',
  fixable: false,
  summary: 'Do not copy a referenced row\'s columns next to the foreign key (orders.customer_email beside customer_id).',
  description:
    'When `orders` has a foreign key `customer_id` to `customers` and also a column `customer_email`, the email depends on the customer, not on the order: a transitive dependency that third normal form removes. The copy goes stale the first time the customer changes their email, every write has to keep both in step, and readers cannot tell which one is right. Read the value through the foreign key (a join, or a view that joins) and drop the copy. The rule reports a column named `<reference>_<column>` (the foreign key column without `_id`, or the referenced table in the singular) whose `<column>` is a non-key column of the referenced table with the same type, in the schema after the whole history, where the last of the column, the foreign key and the referenced column came in. The copies through one foreign key are reported together. History tables (`*_versions`, `audit_logs`) copy by design and are left alone, as are keys (a composite foreign key shares columns by design), a polymorphic `<reference>_type`, a materialized `<reference>_path`, and snapshots: when the row also copies an amount, price, rate, currency or address of the reference (`order_items.product_price`, `invoice_taxes.tax_rate`), all its copies of that reference are taken for the snapshot they are. No quick fix: the code that writes the copy has to change first. A snapshot of the value at the time of the row (the email an invoice was sent to, the name printed on a ticket) is a fair denormalization: say so with `-- schemaguard-ignore ban-transitive-dependency -- reason`.',
  messages: {
    copy: '"{{table}}" copies {{copied}} into {{columns}}, although the foreign key {{foreignKey}} already reaches them: those values depend on {{fkColumns}}, not on the key of "{{table}}" (a transitive dependency), so they go stale when "{{target}}" changes; read them through the foreign key (a join or a view) and drop {{columns}}. A snapshot of the value at the time of the row (the email an invoice went to, a price or a shipping address at order time) is a fair denormalization: ignore it with a reason (-- schemaguard-ignore ban-transitive-dependency -- reason).',
  },
  examples: {
    valid: [
      {
        sql: 'CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers);\nCREATE VIEW orders_with_email AS SELECT o.*, c.email AS customer_email FROM orders o JOIN customers c ON c.id = o.customer_id;',
        description: 'The email is read through the foreign key.',
      },
      {
        sql: 'CREATE TABLE products (id bigint PRIMARY KEY, price numeric(12,2) NOT NULL);\nCREATE TABLE order_items (id bigint PRIMARY KEY, product_id bigint REFERENCES products, product_price numeric(12,2) NOT NULL);',
        description: 'The price at order time is a snapshot: it must not follow later price changes.',
      },
    ],
    invalid: [
      {
        sql: 'CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers, customer_email text);',
        description: 'The order keeps a second copy of the customer\'s email.',
      },
    ],
  },
  check(context: RuleContext) {
    const final = context.schema.final;
    const touched = touchedRelations(context.schema);
    for (const { key, table } of designTables(final)) {
      // the copy, the foreign key and the copied column: one of them is this file's
      const foreignKeys = table.constraints.filter((constraint) => constraint.type === 'foreign' && !constraint.inherited && constraint.references && (touched.has(key) || touched.has(constraint.references.table)));
      if (foreignKeys.length === 0 || table.partitionOf || isHistoryTable(table)) continue;
      const reported = new Set<string>();
      const columns = ownColumns(table);
      const keyColumns = new Set(table.constraints.filter((constraint) => constraint.type === 'foreign' || constraint.type === 'primary').flatMap((constraint) => constraint.columns));
      for (const foreignKey of foreignKeys) {
        if (!foreignKey.references) continue;
        const target = final.relations.get(foreignKey.references.table);
        if (!target) continue;
        const prefixes = copyPrefixes(foreignKey, target);
        const copies: Array<{ column: ColumnModel; copied: Copied }> = [];
        for (const column of columns) {
          if (keyColumns.has(column.name) || reported.has(column.name)) continue;
          const copied = copiedColumn(column, prefixes, foreignKey, target);
          if (copied) copies.push({ column, copied });
        }
        // a row that keeps the referenced price, rate or address keeps a snapshot of the reference: its other copies belong to it
        if (copies.length === 0 || copies.some((entry) => entry.copied.snapshot)) continue;
        for (const { column } of copies) reported.add(column.name);
        const refs = [...copies.map((entry) => entry.column.origin), foreignKey.origin, ...copies.map((entry) => entry.copied.column.origin)];
        const ref = reportedHere(context.schema, refs);
        const statement = ref && statementOf(context, ref);
        if (!ref || !statement) continue;
        const range = ref === foreignKey.origin ? clauseRange(statement, ref.start) : { start: ref.start, end: ref.end };
        context.report({
          statement,
          ...range,
          messageId: 'copy',
          data: {
            columns: copies.map((entry) => `"${entry.column.name}"`).join(', '),
            table: table.name,
            copied: copies.map((entry) => `"${target.name}.${entry.copied.column.name}"`).join(', '),
            target: target.name,
            foreignKey: `"${foreignKey.name}"`,
            fkColumns: foreignKey.columns.join(', '),
          },
        });
      }
    }
  },
});

interface Copied {
  column: ColumnModel;
  /** A price, rate, amount or address: copied on purpose, as it was at the time of the row. */
  snapshot: boolean;
}

/** How the name of a column copied through a foreign key starts: the referenced table's singular (`customer_`), and the key column without `_id`. */
function copyPrefixes(foreignKey: ConstraintModel, target: RelationModel): string[] {
  const prefixes = new Set([`${singular(target.name.toLowerCase())}_`]);
  if (foreignKey.columns.length === 1 && /_id$/.test(foreignKey.columns[0])) prefixes.add(`${foreignKey.columns[0].replace(/_id$/, '')}_`);
  return [...prefixes];
}

/** The column of the referenced table that `column` is named after (`customer_email` -> customers.email), when it is no key and has the same type. */
function copiedColumn(column: ColumnModel, prefixes: readonly string[], foreignKey: ConstraintModel, target: RelationModel): Copied | undefined {
  const name = column.name.toLowerCase();
  const prefix = prefixes.find((candidate) => name.startsWith(candidate));
  if (!prefix) return undefined;
  const rest = column.name.slice(prefix.length);
  // keys, the type of a polymorphic reference (owner_type), a materialized path: not copies of the row's facts
  if (rest === 'id' || /_id$/.test(rest) || rest === 'type' || isTreeEncoding(rest)) return undefined;
  const copied = target.columns.find((candidate) => candidate.name === rest);
  if (!copied) return undefined;
  const targetKeys = new Set([...foreignKey.references!.columns, ...target.constraints.filter((constraint) => constraint.type === 'primary' || constraint.type === 'foreign').flatMap((constraint) => constraint.columns)]);
  if (targetKeys.has(copied.name)) return undefined;
  const snapshot = nameWords(rest).some((word) => SNAPSHOT_WORDS.has(word));
  if (!snapshot && !sameType(column, copied)) return undefined;
  return { column: copied, snapshot };
}

function sameType(a: ColumnModel, b: ColumnModel): boolean {
  if (isTextType(a.type) && isTextType(b.type)) return true;
  return a.type.name === b.type.name && a.type.array === b.type.array && (a.type.schema ?? '') === (b.type.schema ?? '');
}
