import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-exclude-constraint-on-existing-table',
  prelude: `
    CREATE TABLE bookings (id bigint, room_id bigint, during tstzrange);
    INSERT INTO bookings SELECT g, g, tstzrange(now() + g * interval '1 hour', now() + (g + 1) * interval '1 hour') FROM generate_series(1, 10) g;
  `,
  valid: [
    'CREATE TABLE reservations (room_id bigint, during tstzrange);\nALTER TABLE reservations ADD CONSTRAINT reservations_no_overlap EXCLUDE USING gist (during WITH &&);',
    { name: 'EXCLUDE in CREATE TABLE', sql: 'CREATE TABLE slots (during tstzrange, EXCLUDE USING gist (during WITH &&));' },
    { name: 'other constraints', sql: 'ALTER TABLE bookings ADD CONSTRAINT bookings_room_check CHECK (room_id > 0) NOT VALID;' },
  ],
  invalid: [
    {
      sql: "SET lock_timeout = '2s';\nALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&);",
      errors: [{ messageId: 'noOnlineForm', text: 'CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&)' }],
      output: null,
    },
    {
      name: 'no lock_timeout, unnamed, lower case, qualified, several lines',
      sql: 'alter table public.bookings\n  add exclude using gist (during with &&);',
      errors: [{ messageId: 'noOnlineFormNoTimeout', text: 'exclude using gist (during with &&)' }],
      output: null,
    },
    {
      name: 'lock_timeout = 0 waits forever',
      sql: 'SET lock_timeout = 0;\nALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&);',
      errors: [{ messageId: 'noOnlineFormNoTimeout', text: 'CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&)' }],
      output: null,
    },
    {
      name: 'SET LOCAL in an earlier transaction no longer applies',
      sql: "BEGIN;\nSET LOCAL lock_timeout = '2s';\nCOMMIT;\nALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&);",
      errors: [{ messageId: 'noOnlineFormNoTimeout', text: 'CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&)' }],
      output: null,
    },
  ],
  locks: [{ sql: 'ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&)', table: 'bookings', mode: 'AccessExclusiveLock' }],
} satisfies RuleCases;
