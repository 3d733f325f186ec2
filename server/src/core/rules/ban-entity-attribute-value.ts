import { designTables, isTextType, nameWords, objectHeadRange, ownColumns, reportedHere, statementOf, touchedRelations } from '../model/design';
import type { ColumnModel, RelationModel } from '../model/schema/types';
import type { RuleContext } from './types';
import { defineRule } from './types';

const ATTRIBUTE_NAMES = new Set(['key', 'attribute', 'attr', 'attribute_name', 'attr_name', 'attribute_key', 'meta_key', 'property', 'property_name', 'property_key', 'field', 'field_name', 'setting', 'setting_name', 'setting_key', 'option_name', 'param', 'param_name', 'parameter', 'parameter_name']);
const ATTRIBUTE_REFERENCES = /^(\w+_)?(attribute|attr|property|field|setting|parameter|param)_id$/;
const VALUE_NAMES = /^((\w+_)?value|val|meta_value)$/;
/** Table-name words that make a `name` column an attribute name (product_attributes (product_id, name, value)). */
const ATTRIBUTE_TABLE_WORDS = new Set(['attribute', 'attributes', 'attr', 'attrs', 'property', 'properties', 'meta', 'metadata', 'setting', 'settings', 'option', 'options', 'param', 'params', 'parameter', 'parameters', 'field', 'fields', 'custom', 'extra', 'extras', 'variable', 'variables']);

export default defineRule({
  id: 'ban-entity-attribute-value',
  category: 'schema-design',
  severity: 'info',
  fixable: false,
  summary: 'Model attributes as typed columns (or one jsonb column), not as entity-attribute-value rows.',
  description:
    'An entity-attribute-value table (`product_attributes (product_id, attribute, value text)`) stores each attribute of an entity as a row: every value is text whatever it means, so nothing can be NOT NULL, typed, range-checked, unique or a foreign key; reading one entity takes a row (or a self-join) per attribute; and a typo in an attribute name silently makes a new attribute. Attributes the application knows belong in typed columns of the entity\'s table; open-ended ones in one `jsonb` column (with a GIN index, and CHECK constraints on the keys that matter). The rule reports a table whose columns are, apart from keys, timestamps and at most one more, a reference to an entity (`*_id`), an attribute name (`key`, `attribute`, `property`, `name` in a table named like `*_attributes`, or an `attribute_id` to a table of attributes) and a text `value`, in the schema after the whole history, where the last of those columns came in. A key-value table without an entity (application settings, `ar_internal_metadata`) is not reported. No quick fix. EAV is a fair choice for attributes that users define at run time and that are stored and shown but never queried by type: say so with `-- schemaguard-ignore ban-entity-attribute-value -- reason`.',
  messages: {
    eav: 'Table "{{table}}" stores attributes of "{{entity}}" as rows ({{attribute}}, {{value}} {{type}}: entity-attribute-value): every value is {{type}} whatever it means, nothing can be NOT NULL, typed, checked or referenced, and reading one entity takes a row per attribute; give the attributes you know typed columns, and put open-ended ones in a jsonb column. For attributes users define at run time that are never queried by type, EAV is a fair choice: ignore it with a reason (-- schemaguard-ignore ban-entity-attribute-value -- reason).',
  },
  examples: {
    valid: [
      { sql: "CREATE TABLE products (id bigint PRIMARY KEY, name text NOT NULL, weight_grams integer CHECK (weight_grams > 0), attributes jsonb NOT NULL DEFAULT '{}');", description: 'Known attributes are typed columns; open-ended ones are jsonb.' },
      { sql: 'CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);', description: 'A key-value store without an entity.' },
    ],
    invalid: [
      { sql: 'CREATE TABLE product_attributes (id bigint PRIMARY KEY, product_id bigint NOT NULL, attribute text NOT NULL, value text);', description: 'Every product attribute is a text row.' },
    ],
  },
  check(context: RuleContext) {
    const touched = touchedRelations(context.schema);
    for (const { key, table } of designTables(context.schema.final)) {
      if (!touched.has(key) || table.partitionOf) continue;
      const shape = eavShape(table);
      if (!shape) continue;
      const ref = reportedHere(context.schema, [table.origin, shape.entity.origin, shape.attribute.origin, shape.value.origin]);
      const statement = ref && statementOf(context, ref);
      if (!ref || !statement) continue;
      const range = ref === table.origin ? objectHeadRange(statement) : { start: ref.start, end: ref.end };
      context.report({
        statement,
        ...range,
        messageId: 'eav',
        data: { table: table.name, entity: shape.entity.name.replace(/_id$/, ''), attribute: shape.attribute.name, value: shape.value.name, type: shape.value.type.name },
      });
    }
  },
});

/** The entity reference, attribute name and text value columns of an EAV table, when the table is little more than those. */
function eavShape(table: RelationModel): { entity: ColumnModel; attribute: ColumnModel; value: ColumnModel } | undefined {
  const columns = ownColumns(table);
  const primary = new Set(table.constraints.find((constraint) => constraint.type === 'primary')?.columns ?? []);
  const tableWords = new Set(nameWords(table.name));
  const nameIsAttribute = [...tableWords].some((word) => ATTRIBUTE_TABLE_WORDS.has(word));
  const value = columns.find((column) => VALUE_NAMES.test(column.name) && isTextType(column.type));
  const attribute = columns.find(
    (column) =>
      column !== value &&
      ((ATTRIBUTE_NAMES.has(column.name) && isTextType(column.type)) || ATTRIBUTE_REFERENCES.test(column.name) || (column.name === 'name' && nameIsAttribute && isTextType(column.type))),
  );
  if (!value || !attribute) return undefined;
  // a surrogate key of the table itself is no entity reference
  const references = columns.filter((column) => column !== attribute && /_id$/.test(column.name) && !(primary.size === 1 && primary.has(column.name)));
  const entity = references.find((column) => table.constraints.some((constraint) => constraint.type === 'foreign' && constraint.columns.includes(column.name))) ?? references[0];
  if (!entity) return undefined;
  const structural = (column: ColumnModel): boolean =>
    column === value || column === attribute || primary.has(column.name) || /_(id|type)$/.test(column.name) || /_(at|on)$/.test(column.name) || column.name === 'id';
  return columns.filter((column) => !structural(column)).length <= 1 ? { entity, attribute, value } : undefined;
}
