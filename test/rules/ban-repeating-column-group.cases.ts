import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-repeating-column-group',
  prelude: `
    CREATE TABLE users (id bigint PRIMARY KEY, name text);
  `,
  valid: [
    { name: 'postal address lines', sql: 'CREATE TABLE addresses (id bigint PRIMARY KEY, address_line1 text, address_line2 text, address1 text, address2 text, street_1 text, street_2 text, line1 text, line2 text);' },
    { name: 'coordinates, versions, algorithms, percentiles', sql: 'CREATE TABLE shapes (id bigint PRIMARY KEY, x1 int, y1 int, x2 int, y2 int, key_v1 text, key_v2 text, sha1 text, sha256 text, md5 text, ipv4 inet, ipv6 inet, p50 int, p95 int, p99 int);' },
    { name: 'two foreign keys of one relationship', sql: 'CREATE TABLE friendships (user1_id bigint REFERENCES users, user2_id bigint REFERENCES users, PRIMARY KEY (user1_id, user2_id));' },
    { name: 'numbers that do not count from one', sql: 'CREATE TABLE stats (id bigint PRIMARY KEY, revenue_2023 numeric, revenue_2024 numeric, top10 int, top20 int, phone2 text, phone3 text);' },
    { name: 'a history table repeats its row as it was', sql: 'CREATE TABLE contact_versions (id bigint PRIMARY KEY, phone1 text, phone2 text);' },
    { name: 'generic numbered names of different types', sql: 'CREATE TABLE t (col1 varchar(10), col2 boolean, value1 int, value2 text);' },
    { name: 'a single numbered column', sql: 'CREATE TABLE settings (id bigint PRIMARY KEY, phone text, email2 text, oauth2_token text, s3_bucket text);' },
    { name: 'columns of different tables', sql: 'CREATE TABLE a (id bigint PRIMARY KEY, phone1 text);\nCREATE TABLE b (id bigint PRIMARY KEY, phone2 text);' },
    { name: 'a later migration moves the group to a child table', sql: 'ALTER TABLE users ADD COLUMN phone1 text, ADD COLUMN phone2 text;', history: { after: ['CREATE TABLE user_phones (user_id bigint REFERENCES users, position int, phone text);\nALTER TABLE users DROP COLUMN phone1, DROP COLUMN phone2;'] } },
    { name: 'a later migration adds the last member: reported there', sql: 'ALTER TABLE users ADD COLUMN tag_a text;', history: { after: ['ALTER TABLE users ADD COLUMN tag_b text;'] } },
    { name: 'partitions inherit the columns', sql: 'CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM (0) TO (10);', history: { before: ['CREATE TABLE events (id int, tag1 text, tag2 text) PARTITION BY RANGE (id);'] } },
  ],
  invalid: [
    {
      sql: 'CREATE TABLE contacts (id bigint PRIMARY KEY, name text, phone1 text, phone2 text, phone3 text);',
      errors: [{ messageId: 'group', text: 'phone1' }],
      output: null,
    },
    {
      name: 'lettered, underscored numbers, a bare first member, camelCase',
      sql: 'CREATE TABLE articles (id bigint PRIMARY KEY, tag_a text, tag_b text, tag_c text, score_1 int, score_2 int, email text, email2 text, "optionOne" text, "option1" text, "option2" text);',
      errors: [
        { messageId: 'group', text: 'tag_a' },
        { messageId: 'group', text: 'score_1' },
        { messageId: 'group', text: 'email' },
        { messageId: 'group', text: '"option1"' },
      ],
      output: null,
    },
    {
      name: 'numbered groups of several columns are one group; three foreign keys are a list',
      sql: 'CREATE TABLE matches (id bigint PRIMARY KEY, phone1_number text, phone1_kind text, phone2_number text, phone2_kind text, player1_id bigint, player2_id bigint, player3_id bigint);',
      errors: [
        { messageId: 'group', text: 'phone1_number' },
        { messageId: 'group', text: 'player1_id' },
      ],
      output: null,
    },
    {
      name: 'across migrations: reported where the last member comes in',
      sql: 'ALTER TABLE users ADD COLUMN nickname text, ADD COLUMN tier_2 text;',
      history: { before: ['ALTER TABLE users ADD COLUMN tier_1 text;'] },
      errors: [{ messageId: 'group', text: 'tier_2' }],
      output: null,
    },
    {
      name: 'a pg_dump schema',
      path: 'db/structure.sql',
      prelude: '',
      sql: '--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE public.application_settings (\n    id bigint NOT NULL,\n    limit_tier_1 integer,\n    limit_tier_2 integer,\n    limit_tier_3 integer\n);\n',
      errors: [{ messageId: 'group', text: 'limit_tier_1' }],
      output: null,
    },
  ],
} satisfies RuleCases;
