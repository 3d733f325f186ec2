import type { RuleCases } from '../harness/types';

export default {
  rule: 'prefer-text-over-char',
  prelude: `
    CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL);
  `,
  valid: [
    'CREATE TABLE currencies (code text PRIMARY KEY CHECK (char_length(code) = 3), name text NOT NULL);',
    { name: 'the one-byte "char" type is another type', sql: 'CREATE TABLE flags (id bigint PRIMARY KEY, kind "char" NOT NULL);' },
    { name: 'varchar and text', sql: 'CREATE TABLE notes (id bigint PRIMARY KEY, title varchar(200), body text, code character varying(3));' },
    { name: 'a foreign key column follows the key it references', sql: 'CREATE TABLE addresses (id bigint PRIMARY KEY, country char(2) NOT NULL REFERENCES countries (code));' },
    { name: 'an earlier char column this file leaves alone', sql: 'ALTER TABLE countries ADD COLUMN iso3 text;' },
    { name: 'a later migration changes it to text', sql: 'CREATE TABLE regions (id bigint PRIMARY KEY, code char(4));', history: { after: ['ALTER TABLE regions ALTER COLUMN code TYPE text;'] } },
  ],
  invalid: [
    {
      sql: 'CREATE TABLE regions (id bigint PRIMARY KEY, code char(4) NOT NULL, name character(60));',
      errors: [
        { messageId: 'char', text: 'char(4)' },
        { messageId: 'char', text: 'character(60)' },
      ],
      output: null,
    },
    { name: 'bare char is char(1)', sql: 'ALTER TABLE countries ADD COLUMN active CHAR DEFAULT \'y\';', errors: [{ messageId: 'char', text: 'CHAR' }], output: null },
    { name: 'an array', sql: 'CREATE TABLE codes (id bigint PRIMARY KEY, parts bpchar(3)[]);', errors: [{ messageId: 'char', text: 'bpchar(3)[]' }], output: null },
    {
      name: 'changed to char(n) by this file, on a table of an earlier migration',
      sql: 'ALTER TABLE cities ALTER COLUMN code TYPE character(5);',
      history: { before: ['CREATE TABLE cities (id bigint PRIMARY KEY, code text);'] },
      errors: [{ messageId: 'char', text: 'character(5)' }],
      output: null,
    },
  ],
} satisfies RuleCases;
