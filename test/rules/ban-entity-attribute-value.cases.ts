import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-entity-attribute-value',
  prelude: `
    CREATE TABLE products (id bigint PRIMARY KEY, name text);
    CREATE TABLE attributes (id bigint PRIMARY KEY, name text);
  `,
  valid: [
    { name: 'typed columns and jsonb', sql: "CREATE TABLE items (id bigint PRIMARY KEY, product_id bigint, color text, weight_grams int, extra jsonb DEFAULT '{}');" },
    { name: 'a key-value store without an entity', sql: 'CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL, updated_at timestamptz);\nCREATE TABLE ar_internal_metadata (key varchar NOT NULL PRIMARY KEY, value varchar, created_at timestamp, updated_at timestamp);' },
    { name: 'a typed value', sql: 'CREATE TABLE product_scores (product_id bigint REFERENCES products, key text, value numeric);' },
    { name: 'a name that is no attribute name', sql: 'CREATE TABLE coupons (id bigint PRIMARY KEY, campaign_id bigint, name text, value text);' },
    { name: 'a table with more to it than key and value', sql: 'CREATE TABLE ci_variables (id bigint PRIMARY KEY, project_id bigint, key text, value text, encrypted_value text, masked boolean, protected boolean);' },
    { name: 'a later migration replaces the table', sql: 'CREATE TABLE product_properties (product_id bigint REFERENCES products, property text, value text);', history: { after: ["ALTER TABLE products ADD COLUMN properties jsonb NOT NULL DEFAULT '{}';\nDROP TABLE product_properties;"] } },
    { name: 'a later migration adds typed columns beyond one extra', sql: 'CREATE TABLE product_properties (product_id bigint REFERENCES products, property text, value text);', history: { after: ['ALTER TABLE product_properties ADD COLUMN unit text, ADD COLUMN position int;'] } },
  ],
  invalid: [
    {
      sql: 'CREATE TABLE product_attributes (id bigint PRIMARY KEY, product_id bigint NOT NULL, attribute text NOT NULL, value text);',
      errors: [{ messageId: 'eav', text: 'CREATE TABLE product_attributes' }],
      output: null,
    },
    {
      name: 'an attribute table, a type column, timestamps and one extra column',
      sql: 'CREATE TABLE public.entity_values (\n  id bigint PRIMARY KEY,\n  entity_type text NOT NULL,\n  entity_id bigint NOT NULL,\n  attribute_id bigint REFERENCES attributes,\n  value varchar(255),\n  position int,\n  created_at timestamptz\n);',
      errors: [{ messageId: 'eav', text: 'CREATE TABLE public.entity_values' }],
      output: null,
    },
    {
      name: 'name and value in a table named for attributes',
      sql: 'CREATE TABLE customer_metadata (id bigint PRIMARY KEY, customer_id bigint, name text, value text);',
      errors: [{ messageId: 'eav', text: 'CREATE TABLE customer_metadata' }],
      output: null,
    },
    {
      name: 'across migrations: the value column comes last',
      sql: 'ALTER TABLE user_prefs ADD COLUMN value text;',
      history: { before: ['CREATE TABLE user_prefs (user_id bigint NOT NULL, key text NOT NULL, PRIMARY KEY (user_id, key));'] },
      errors: [{ messageId: 'eav', text: 'value' }],
      output: null,
    },
  ],
} satisfies RuleCases;
