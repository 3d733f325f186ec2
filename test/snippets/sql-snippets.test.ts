/**
 * Every SQL snippet, expanded as the editor inserts it (default placeholders, and each other option
 * of its choices), parses, lints clean with every registered rule in the transaction context it is
 * written for, and applies to a real PostgreSQL (PGlite, plus the server named by
 * SCHEMAGUARD_TEST_PG_URL) the way its runner sends it, leaving the schema it promises.
 */
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../server/src/core/config';
import type { Finding } from '../../server/src/core/lint';
import { parseScript } from '../../server/src/core/source/document';
import type { Database } from '../harness/database';
import { databaseForSuite, databaseTargets, openServer, resetDatabase, runScript } from '../harness/database';
import { lint } from '../harness/lint';
import { locksOn, snapshotSchema } from '../harness/schema-snapshot';
import { expandSnippet, expansionVariants, mirroredRandomTabStops, readSnippets } from './expand';
import type { Runner } from './scenarios';
import {
  ORDERS_PRELUDE,
  ORDERS_ROWS,
  USERS_PRELUDE,
  columnsOf,
  count,
  expectColumn,
  expectCustomerIdNotNull,
  expectIndex,
  expectOrdersCustomerIdIndex,
  expectStatusBackfilled,
  expectValidatedForeignKey,
  markInvalid,
  queryEach,
  runAs,
  scalar,
  waitUntil,
} from './scenarios';

const SNIPPETS = readSnippets('snippets/sql.json');
const EXPANDED = new Map(SNIPPETS.map((snippet) => [snippet.prefix, expandSnippet(snippet.body).text]));

function sqlOf(prefix: string): string {
  const sql = EXPANDED.get(prefix);
  if (sql === undefined) throw new Error(`no SQL snippet ${prefix}`);
  return sql;
}

/**
 * Snippets that are also safe in a file the runner wraps in one transaction (Flyway, Prisma). The
 * others run statement by statement outside a transaction block (CONCURRENTLY, batches that commit,
 * NOT VALID and VALIDATE in separate transactions) or carry their own dbmate markers.
 */
const ALSO_PER_FILE = new Set([
  'sg-timeouts',
  'sg-changelog-table',
  'sg-table-identity',
  'sg-table-uuid',
  'sg-dbmate',
  'sg-monitor-blocking-locks',
  'sg-monitor-index-progress',
  'sg-monitor-replication-lag',
  'sg-monitor-backfill-progress',
]);

/** The contexts a snippet is linted in: golang-migrate files as golang-migrate runs them (one command string, named .up.sql / .down.sql). */
/**
 * Hints a snippet keeps on purpose, and so must get: sg-table-uuid uses gen_random_uuid(), which
 * every supported version has; the prefer-uuidv7-key hint points to UUIDv7 for insert-heavy tables.
 */
const KEPT_HINTS: Record<string, string[]> = { 'sg-table-uuid': ['prefer-uuidv7-key'] };

function lintContexts(prefix: string): Array<{ settings: Partial<Settings>; path?: string }> {
  const golangMigrate = /^sg-golang-migrate-.*(up|down)$/.exec(prefix);
  if (golangMigrate) return [{ settings: { transaction: 'single-command' }, path: `db/migrations/000042_example.${golangMigrate[1]}.sql` }];
  const modes: Array<Settings['transaction']> = ALSO_PER_FILE.has(prefix) ? ['explicit', 'per-file'] : ['explicit'];
  return modes.map((transaction) => ({ settings: { transaction } }));
}

type Step =
  | { snippet: string; run: Runner }
  /** Anything else: app traffic between migrations, checks, monitoring queries (named in `uses`). */
  | { name: string; action: (db: Database, target: string) => Promise<void>; uses: string[] };

interface Scenario {
  name: string;
  prelude?: string;
  steps: Step[];
}

const run = (snippet: string, runner: Runner = 'statements'): Step => ({ snippet, run: runner });
const then = (name: string, action: (db: Database, target: string) => Promise<void>, uses: string[] = []): Step => ({ name, action, uses });
const serverUrl = process.env.SCHEMAGUARD_TEST_PG_URL;

async function expectFails(promise: Promise<unknown>, message: RegExp): Promise<void> {
  await expect(promise).rejects.toThrow(message);
}

async function backendPid(db: Database): Promise<number> {
  return Number(await scalar(db, 'SELECT pg_backend_pid()'));
}

/** Runs `body` with extra sessions on the server; they are closed (and their transactions ended) after. */
async function withSessions(n: number, body: (sessions: Database[]) => Promise<void>): Promise<void> {
  const sessions: Database[] = [];
  try {
    for (let i = 0; i < n; i++) sessions.push(await openServer(serverUrl!));
    await body(sessions);
  } finally {
    for (const session of sessions) await session.close();
  }
}

const NOTE = 'public.orders.note text NULL';
const noteAdded = then('the column is added', (db) => expectColumn(db, NOTE));
const noteRemoved = then('and removed', (db) => expectColumn(db, NOTE, false));
const indexBuilt = then('the index is built', expectOrdersCustomerIdIndex);
const indexDropped = then('and dropped', async (db) => {
  expect((await snapshotSchema(db)).indexes.filter((line) => line.includes('orders_customer_id_idx'))).toEqual([]);
});

const SCENARIOS: Scenario[] = [
  {
    name: 'lock_timeout and statement_timeout header',
    steps: [
      run('sg-timeouts'),
      then('the session gives up on locks and long statements', async (db) => {
        expect(await scalar(db, 'SHOW lock_timeout')).toBe('5s');
        expect(await scalar(db, 'SHOW statement_timeout')).toBe('1min');
      }),
    ],
  },
  {
    name: 'concurrent index, and a re-run over the INVALID index a failed build left',
    prelude: ORDERS_PRELUDE,
    steps: [
      run('sg-index-concurrently'),
      indexBuilt,
      then('a failed build left it INVALID', async (db) => {
        await markInvalid(db, 'orders_customer_id_idx');
        await expectIndex(db, 'CREATE INDEX orders_customer_id_idx ON public.orders USING btree (customer_id) INVALID');
      }),
      run('sg-index-concurrently'),
      then('running the file again replaced it with a valid index', expectOrdersCustomerIdIndex),
    ],
  },
  {
    name: 'unique constraint from a concurrent unique index, after a build failed on a duplicate',
    prelude: `${USERS_PRELUDE} ALTER TABLE users DROP CONSTRAINT users_email_key; UPDATE users SET email = 'user1@example.com' WHERE id = 2;`,
    steps: [
      then('the build fails on the duplicate and leaves an INVALID index', async (db) => {
        await expectFails(runScript(db, sqlOf('sg-unique-concurrently')), /could not create unique index/);
        await expectIndex(db, 'CREATE UNIQUE INDEX users_email_key ON public.users USING btree (email) INVALID');
        await db.exec("UPDATE users SET email = 'user2@example.com' WHERE id = 2");
      }, ['sg-unique-concurrently']),
      run('sg-unique-concurrently'),
      then('the constraint uses the rebuilt index', async (db) => {
        const schema = await snapshotSchema(db);
        expect(schema.constraints).toContain('public.users users_email_key UNIQUE (email)');
        expect(schema.indexes).toContain('CREATE UNIQUE INDEX users_email_key ON public.users USING btree (email)');
      }),
    ],
  },
  {
    name: 'two-phase NOT NULL',
    prelude: ORDERS_PRELUDE,
    steps: [run('sg-not-null-two-phase'), then('the column is NOT NULL and the CHECK is gone', expectCustomerIdNotNull)],
  },
  {
    name: 'foreign key NOT VALID + VALIDATE',
    prelude: ORDERS_PRELUDE,
    steps: [
      run('sg-foreign-key-not-valid'),
      then('the foreign key is validated and the column indexed', expectValidatedForeignKey),
      then('it rejects an unknown customer', async (db) => {
        await expectFails(db.exec('INSERT INTO orders (id, customer_id) VALUES (0, 999)'), /violates foreign key constraint/);
      }),
    ],
  },
  {
    name: 'CHECK NOT VALID + VALIDATE',
    prelude: ORDERS_PRELUDE,
    steps: [
      run('sg-check-not-valid'),
      then('the CHECK is validated', async (db) => {
        expect((await snapshotSchema(db)).constraints).toContain('public.orders orders_quantity_positive CHECK ((quantity > 0))');
      }),
    ],
  },
  {
    name: 'batched backfill, run twice',
    prelude: ORDERS_PRELUDE,
    steps: [run('sg-backfill-batched'), then('every row is filled', expectStatusBackfilled), run('sg-backfill-batched'), then('still filled', expectStatusBackfilled)],
  },
  {
    name: 'rename a column: expand, old and new code side by side, contract',
    prelude: USERS_PRELUDE,
    steps: [
      run('sg-expand-rename-column'),
      then('both columns hold every value', async (db) => {
        expect(await count(db, 'SELECT count(*) FROM users WHERE full_name IS DISTINCT FROM name')).toBe(0);
        expect(await count(db, 'SELECT count(*) FROM users WHERE full_name IS NULL')).toBe(0);
      }),
      then('writes through either name reach both columns', async (db) => {
        await db.exec("INSERT INTO users (id, name, email) VALUES (-1, 'old code', 'old@example.com')");
        await db.exec("INSERT INTO users (id, full_name, email) VALUES (-2, 'new code', 'new@example.com')");
        await db.exec("UPDATE users SET name = 'renamed by old code' WHERE id = 1");
        await db.exec("UPDATE users SET full_name = 'renamed by new code' WHERE id = 2");
        const rows = await db.query<{ id: string; name: string; full_name: string }>('SELECT id::text, name, full_name FROM users WHERE id IN (-1, -2, 1, 2) ORDER BY users.id');
        expect(rows).toEqual([
          { id: '-2', name: 'new code', full_name: 'new code' },
          { id: '-1', name: 'old code', full_name: 'old code' },
          { id: '1', name: 'renamed by old code', full_name: 'renamed by old code' },
          { id: '2', name: 'renamed by new code', full_name: 'renamed by new code' },
        ]);
      }),
      then('the contract step refuses while a row differs', async (db) => {
        await db.exec('ALTER TABLE users DISABLE TRIGGER users_sync_full_name');
        await db.exec('UPDATE users SET full_name = NULL WHERE id = 3');
        await db.exec('ALTER TABLE users ENABLE TRIGGER users_sync_full_name');
        await expectFails(runScript(db, sqlOf('sg-contract-rename-column')), /finish the backfill first/);
        await expectColumn(db, 'public.users.name text NULL');
        await db.exec('UPDATE users SET full_name = name WHERE id = 3');
      }, ['sg-contract-rename-column']),
      run('sg-contract-rename-column'),
      then('only the new column is left, with every value, and no trigger', async (db) => {
        await expectColumn(db, 'public.users.name text NULL', false);
        await expectColumn(db, 'public.users.full_name text NULL');
        expect(await count(db, 'SELECT count(*) FROM users WHERE full_name IS NULL')).toBe(0);
        expect(await count(db, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'users'::regclass AND NOT tgisinternal")).toBe(0);
        expect(await count(db, "SELECT count(*) FROM pg_proc WHERE proname = 'users_sync_full_name'")).toBe(0);
      }),
    ],
  },
  {
    name: 'change a column type: expand, old code writes, contract',
    prelude: ORDERS_PRELUDE,
    steps: [
      run('sg-expand-change-type'),
      then('the new column holds every value', async (db) => {
        expect(await count(db, 'SELECT count(*) FROM orders WHERE quantity_new IS DISTINCT FROM quantity')).toBe(0);
      }),
      then('old code writing the old column fills the new one', async (db) => {
        await db.exec('INSERT INTO orders (id, quantity) VALUES (-1, 7)');
        await db.exec('UPDATE orders SET quantity = 9 WHERE id = 1');
        expect(await db.query('SELECT id::text, quantity_new::text FROM orders WHERE id IN (-1, 1) ORDER BY orders.id')).toEqual([
          { id: '-1', quantity_new: '7' },
          { id: '1', quantity_new: '9' },
        ]);
      }),
      run('sg-contract-change-type'),
      then('the column has the new type and every value', async (db) => {
        await expectColumn(db, 'public.orders.quantity bigint NULL');
        await expectColumn(db, 'public.orders.quantity_new bigint NULL', false);
        expect(await count(db, 'SELECT count(*) FROM orders WHERE quantity IS NULL')).toBe(0);
        expect(await count(db, 'SELECT sum(quantity) FROM orders WHERE id = 1')).toBe(9);
        expect(await count(db, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'orders'::regclass AND NOT tgisinternal")).toBe(0);
      }),
    ],
  },
  {
    name: 'dbmate migration up and down',
    prelude: ORDERS_PRELUDE,
    steps: [run('sg-dbmate', 'dbmate-up'), noteAdded, run('sg-dbmate', 'dbmate-down'), noteRemoved],
  },
  {
    name: 'dbmate concurrent index up and down (transaction:false, one command string)',
    prelude: ORDERS_PRELUDE,
    steps: [run('sg-dbmate-index-concurrently', 'dbmate-up'), indexBuilt, run('sg-dbmate-index-concurrently', 'dbmate-down'), indexDropped],
  },
  {
    name: 'golang-migrate up and down files (one command string each)',
    prelude: ORDERS_PRELUDE,
    steps: [run('sg-golang-migrate-up', 'one-command'), noteAdded, run('sg-golang-migrate-down', 'one-command'), noteRemoved],
  },
  {
    name: 'golang-migrate concurrent index up and down files',
    prelude: ORDERS_PRELUDE,
    steps: [run('sg-golang-migrate-index-up', 'one-command'), indexBuilt, run('sg-golang-migrate-index-down', 'one-command'), indexDropped],
  },
  {
    name: 'soft delete with a partial unique index',
    prelude: USERS_PRELUDE,
    steps: [
      run('sg-soft-delete'),
      then('deleted_at exists, the partial index replaced the constraint', async (db) => {
        const schema = await snapshotSchema(db);
        expect(schema.columns).toContain('public.users.deleted_at timestamp with time zone NULL');
        expect(schema.indexes).toContain('CREATE UNIQUE INDEX users_email_live_key ON public.users USING btree (email) WHERE (deleted_at IS NULL)');
        expect(schema.constraints.filter((line) => line.includes('users_email_key'))).toEqual([]);
      }),
      then("a deleted row's email can be used again, a live one cannot", async (db) => {
        await db.exec('UPDATE users SET deleted_at = now() WHERE id = 1');
        await db.exec("INSERT INTO users (id, email) VALUES (-1, 'user1@example.com')");
        await expectFails(db.exec("INSERT INTO users (id, email) VALUES (-2, 'user2@example.com')"), /duplicate key/);
      }),
    ],
  },
  {
    name: 'changelog table, run twice',
    steps: [
      run('sg-changelog-table'),
      run('sg-changelog-table'),
      then('one row for this change', async (db) => {
        const rows = await db.query<{ version: string; description: string; applied_by: string }>('SELECT version, description, applied_by FROM schema_changelog');
        expect(rows).toHaveLength(1);
        expect(rows[0].version).toMatch(/^\d{14}$/);
        expect(rows[0].description).toBe('describe the change');
        expect(rows[0].applied_by).toBe(await scalar(db, 'SELECT current_user'));
      }),
    ],
  },
  {
    name: 'table with a bigint identity key',
    steps: [
      run('sg-table-identity'),
      then('ids are generated', async (db) => {
        await expectColumn(db, 'public.orders.id bigint NOT NULL IDENTITY a');
        await db.exec("INSERT INTO orders (name) VALUES ('first'), ('second')");
        expect(await db.query('SELECT id::text FROM orders ORDER BY orders.id')).toEqual([{ id: '1' }, { id: '2' }]);
      }),
    ],
  },
  {
    name: 'table with a UUID key',
    steps: [
      run('sg-table-uuid'),
      then('ids are generated', async (db) => {
        await db.exec("INSERT INTO orders (name) VALUES ('first')");
        expect(String(await scalar(db, 'SELECT id FROM orders'))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }),
    ],
  },
  {
    name: 'audit trigger',
    prelude: ORDERS_PRELUDE,
    steps: [
      run('sg-audit-trigger'),
      run('sg-audit-trigger'),
      then('inserts, updates and deletes are recorded once each', async (db) => {
        await db.exec('INSERT INTO orders (id, customer_id) VALUES (-1, 1)');
        await db.exec('UPDATE orders SET customer_id = 2 WHERE id = -1');
        await db.exec('DELETE FROM orders WHERE id = -1');
        const rows = await db.query(
          "SELECT table_name, operation, old_row->>'customer_id' AS old_customer, new_row->>'customer_id' AS new_customer FROM audit_log ORDER BY id",
        );
        expect(rows).toEqual([
          { table_name: 'public.orders', operation: 'INSERT', old_customer: null, new_customer: '1' },
          { table_name: 'public.orders', operation: 'UPDATE', old_customer: '1', new_customer: '2' },
          { table_name: 'public.orders', operation: 'DELETE', old_customer: '2', new_customer: null },
        ]);
      }),
    ],
  },
  {
    name: 'blocking locks query',
    prelude: ORDERS_PRELUDE,
    steps: [
      then('it runs and names its columns', async (db) => {
        expect(await columnsOf(db, parseScript(sqlOf('sg-monitor-blocking-locks')).statements[0].text)).toEqual([
          'waiting_pid', 'locktype', 'waiting_mode', 'relation', 'waiting_for', 'waiting_query',
          'blocking_pid', 'blocking_state', 'blocking_transaction_age', 'blocking_query',
        ]);
        await queryEach(db, sqlOf('sg-monitor-blocking-locks'));
      }, ['sg-monitor-blocking-locks']),
      then('on a server: an ALTER TABLE waiting behind an open transaction, and who blocks it', async (db, target) => {
        if (target !== 'server') return; // one session only in PGlite: nothing can wait
        await withSessions(2, async ([holder, waiter]) => {
          const [holderPid, waiterPid] = [await backendPid(holder), await backendPid(waiter)];
          await holder.exec('BEGIN');
          await holder.query('SELECT count(*) FROM orders');
          const altering = waiter.exec('ALTER TABLE orders ADD COLUMN note text');
          altering.catch(() => undefined); // awaited below; a failed check closes the session first
          await waitUntil(async () => (await scalar(db, `SELECT wait_event_type FROM pg_stat_activity WHERE pid = ${waiterPid}`)) === 'Lock', 'the ALTER waits');
          const [rows] = await queryEach(db, sqlOf('sg-monitor-blocking-locks'));
          expect(rows).toContainEqual(
            expect.objectContaining({ waiting_pid: waiterPid, locktype: 'relation', waiting_mode: 'AccessExclusiveLock', relation: 'orders', blocking_pid: holderPid, blocking_state: 'idle in transaction' }),
          );
          await holder.exec('COMMIT');
          await altering;
        });
      }, ['sg-monitor-blocking-locks']),
    ],
  },
  {
    name: 'index build progress and INVALID indexes',
    prelude: ORDERS_PRELUDE,
    steps: [
      then('it runs, names its columns, and lists an INVALID index', async (db) => {
        const [progress] = parseScript(sqlOf('sg-monitor-index-progress')).statements;
        expect(await columnsOf(db, progress.text)).toEqual([
          'pid', 'table_name', 'index_name', 'command', 'phase', 'blocks_percent', 'tuples_percent',
          'lockers_done', 'lockers_total', 'current_locker_pid', 'running_for',
        ]);
        await db.exec('CREATE INDEX orders_status_idx ON orders (status)');
        await markInvalid(db, 'orders_status_idx');
        const [, invalid] = await queryEach(db, sqlOf('sg-monitor-index-progress'));
        expect(invalid).toEqual([{ invalid_index: 'orders_status_idx', table_name: 'orders' }]);
      }, ['sg-monitor-index-progress']),
      then('on a server: a concurrent build waiting for a writer, and who blocks it', async (db, target) => {
        if (target !== 'server') return; // one session only in PGlite: no build runs beside the query
        await withSessions(2, async ([writer, builder]) => {
          const [writerPid, builderPid] = [await backendPid(writer), await backendPid(builder)];
          await writer.exec('BEGIN');
          await writer.exec("UPDATE orders SET status = 'held' WHERE id = 1");
          const building = builder.exec('CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id)');
          building.catch(() => undefined); // awaited below; a failed check closes the session first
          // the row appears in phase 'initializing', and the locker is named only after the phase is set: wait for both
          await waitUntil(
            async () => (await count(db, `SELECT count(*) FROM pg_stat_progress_create_index WHERE pid = ${builderPid} AND phase = 'waiting for writers before build' AND current_locker_pid = ${writerPid}`)) === 1,
            'the build waits',
          );
          const [progress] = await queryEach(db, sqlOf('sg-monitor-index-progress'));
          expect(progress).toContainEqual(
            expect.objectContaining({
              pid: builderPid,
              table_name: 'orders',
              index_name: 'orders_customer_id_idx',
              command: 'CREATE INDEX CONCURRENTLY',
              phase: 'waiting for writers before build',
              current_locker_pid: String(writerPid), // bigint
            }),
          );
          const [blocking] = await queryEach(db, sqlOf('sg-monitor-blocking-locks'));
          expect(blocking).toContainEqual(expect.objectContaining({ waiting_pid: builderPid, blocking_pid: writerPid }));
          await writer.exec('COMMIT');
          await building;
        });
        await expectOrdersCustomerIdIndex(db);
      }, ['sg-monitor-index-progress', 'sg-monitor-blocking-locks']),
    ],
  },
  {
    name: 'replication lag and retained WAL',
    steps: [
      then('both queries run and name their columns; a slot shows its retained WAL', async (db) => {
        const [replicas, slots] = parseScript(sqlOf('sg-monitor-replication-lag')).statements;
        expect(await columnsOf(db, replicas.text)).toEqual(['application_name', 'client_addr', 'state', 'sync_state', 'replay_lag_size', 'write_lag', 'flush_lag', 'replay_lag']);
        expect(await columnsOf(db, slots.text)).toEqual(['slot_name', 'slot_type', 'active', 'retained_wal']);
        await db.query("SELECT pg_create_physical_replication_slot('schemaguard_snippet_test', true)");
        try {
          const [, rows] = await queryEach(db, sqlOf('sg-monitor-replication-lag'));
          expect(rows).toContainEqual(expect.objectContaining({ slot_name: 'schemaguard_snippet_test', slot_type: 'physical', active: false }));
          expect(rows.find((row) => row.slot_name === 'schemaguard_snippet_test')?.retained_wal).toMatch(/^\d+ (bytes|kB|MB)$/);
        } finally {
          await db.query("SELECT pg_drop_replication_slot('schemaguard_snippet_test')");
        }
      }, ['sg-monitor-replication-lag']),
    ],
  },
  {
    name: 'backfill progress',
    prelude: `${ORDERS_PRELUDE} UPDATE orders SET status = 'pending' WHERE id <= 3000;`,
    steps: [
      then('rows left and dead row versions', async (db) => {
        const [[progress], stats] = await queryEach(db, sqlOf('sg-monitor-backfill-progress'));
        expect({ left: Number(progress.rows_left), total: Number(progress.rows_total), percent: Number(progress.percent_done) }).toEqual({
          left: ORDERS_ROWS - 3000,
          total: ORDERS_ROWS,
          percent: 25,
        });
        expect(stats).toEqual([expect.objectContaining({ relname: 'orders' })]);
      }, ['sg-monitor-backfill-progress']),
    ],
  },
];

/**
 * The locks and rewrites the snippets' comments name, measured in an open transaction: the strongest
 * lock each table gets (pg_locks.mode), and whether the table's file changed (a rewrite).
 */
interface LockClaim {
  claim: string;
  prelude: string;
  sql: string;
  strongest: Record<string, string>;
  rewrites?: boolean;
}

const TRIGGER_PRELUDE = `${ORDERS_PRELUDE}
  CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
  CREATE TRIGGER orders_noop AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION noop();`;

const LOCK_CLAIMS: LockClaim[] = [
  { claim: 'ADD CONSTRAINT ... UNIQUE builds its index under an ACCESS EXCLUSIVE lock', prelude: `${USERS_PRELUDE} ALTER TABLE users DROP CONSTRAINT users_email_key;`, sql: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)', strongest: { users: 'AccessExclusiveLock' } },
  { claim: 'UNIQUE USING INDEX: a brief ACCESS EXCLUSIVE lock, no table scan', prelude: `${USERS_PRELUDE} ALTER TABLE users DROP CONSTRAINT users_email_key; CREATE UNIQUE INDEX users_email_key ON users (email);`, sql: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key', strongest: { users: 'AccessExclusiveLock' }, rewrites: false },
  { claim: 'SET NOT NULL scans under an ACCESS EXCLUSIVE lock', prelude: ORDERS_PRELUDE, sql: 'ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL', strongest: { orders: 'AccessExclusiveLock' }, rewrites: false },
  { claim: 'a plain ADD CHECK holds an ACCESS EXCLUSIVE lock', prelude: ORDERS_PRELUDE, sql: 'ALTER TABLE orders ADD CONSTRAINT orders_quantity_positive CHECK (quantity > 0)', strongest: { orders: 'AccessExclusiveLock' } },
  { claim: 'VALIDATE of a CHECK: SHARE UPDATE EXCLUSIVE', prelude: `${ORDERS_PRELUDE} ALTER TABLE orders ADD CONSTRAINT orders_quantity_positive CHECK (quantity > 0) NOT VALID;`, sql: 'ALTER TABLE orders VALIDATE CONSTRAINT orders_quantity_positive', strongest: { orders: 'ShareUpdateExclusiveLock' } },
  { claim: 'a plain ADD FOREIGN KEY holds SHARE ROW EXCLUSIVE on both tables', prelude: ORDERS_PRELUDE, sql: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id)', strongest: { orders: 'ShareRowExclusiveLock', customers: 'ShareRowExclusiveLock' } },
  { claim: 'VALIDATE of a foreign key: SHARE UPDATE EXCLUSIVE on the table, ROW SHARE on the referenced one', prelude: `${ORDERS_PRELUDE} ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;`, sql: 'ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey', strongest: { orders: 'ShareUpdateExclusiveLock', customers: 'RowShareLock' } },
  { claim: 'ALTER COLUMN ... TYPE rewrites the table under an ACCESS EXCLUSIVE lock', prelude: ORDERS_PRELUDE, sql: 'ALTER TABLE orders ALTER COLUMN quantity TYPE bigint', strongest: { orders: 'AccessExclusiveLock' }, rewrites: true },
  { claim: 'ADD COLUMN nullable, without a default: brief ACCESS EXCLUSIVE, no rewrite', prelude: ORDERS_PRELUDE, sql: 'ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text', strongest: { orders: 'AccessExclusiveLock' }, rewrites: false },
  { claim: 'DROP COLUMN: brief ACCESS EXCLUSIVE, no rewrite', prelude: ORDERS_PRELUDE, sql: 'ALTER TABLE orders DROP COLUMN quantity', strongest: { orders: 'AccessExclusiveLock' }, rewrites: false },
  { claim: 'RENAME COLUMN: brief ACCESS EXCLUSIVE, no rewrite', prelude: ORDERS_PRELUDE, sql: 'ALTER TABLE orders RENAME COLUMN quantity TO amount', strongest: { orders: 'AccessExclusiveLock' }, rewrites: false },
  { claim: 'DROP TRIGGER of an existing trigger takes ACCESS EXCLUSIVE', prelude: TRIGGER_PRELUDE, sql: 'DROP TRIGGER IF EXISTS orders_noop ON orders', strongest: { orders: 'AccessExclusiveLock' } },
  { claim: 'CREATE TRIGGER takes SHARE ROW EXCLUSIVE', prelude: TRIGGER_PRELUDE, sql: 'CREATE TRIGGER orders_noop_2 AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION noop()', strongest: { orders: 'ShareRowExclusiveLock' } },
];

/** pg_locks table-lock modes, weakest first. */
const LOCK_MODES = ['AccessShareLock', 'RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'];

function strongestOf(modes: string[]): string | undefined {
  return modes.sort((a, b) => LOCK_MODES.indexOf(b) - LOCK_MODES.indexOf(a))[0];
}

describe('snippets/sql.json', () => {
  it('has snippets with sg- prefixes, one each, and descriptions', () => {
    expect(SNIPPETS.length).toBeGreaterThan(20);
    const prefixes = SNIPPETS.map((snippet) => snippet.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const snippet of SNIPPETS) {
      expect(snippet.prefix).toMatch(/^sg-[a-z0-9-]+$/);
      expect(snippet.description.length).toBeGreaterThan(20);
    }
  });

  it('sg-index-concurrently drops a failed build with DROP INDEX CONCURRENTLY IF EXISTS before CREATE INDEX CONCURRENTLY', () => {
    const sql = sqlOf('sg-index-concurrently');
    const drop = sql.indexOf('DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_idx;');
    expect(drop).toBeGreaterThanOrEqual(0);
    expect(sql.indexOf('CREATE INDEX CONCURRENTLY', drop)).toBeGreaterThan(drop);
  });

  it('every snippet is applied by a scenario, and every scenario names real snippets', () => {
    const used = new Set(SCENARIOS.flatMap((scenario) => scenario.steps.flatMap((step) => ('snippet' in step ? [step.snippet] : step.uses))));
    const unknown = [...used].filter((prefix) => !EXPANDED.has(prefix));
    const missing = SNIPPETS.map((snippet) => snippet.prefix).filter((prefix) => !used.has(prefix));
    expect({ unknown, missing }).toEqual({ unknown: [], missing: [] });
  });
});

describe('every SQL snippet parses and lints clean', () => {
  for (const snippet of SNIPPETS) {
    it(`${snippet.prefix}: no random tab stop is mirrored, no unknown variable`, () => {
      expect(mirroredRandomTabStops(snippet.body)).toEqual([]);
      expect(expandSnippet(snippet.body).unknownVariables).toEqual([]);
    });
    for (const { label, expansion } of expansionVariants(snippet.body)) {
      for (const { settings, path } of lintContexts(snippet.prefix)) {
        it(`${snippet.prefix} (${label}, transaction: ${settings.transaction}${path ? `, ${path}` : ''})`, () => {
          const script = parseScript(expansion.text);
          expect(script.statements.length).toBeGreaterThan(0);
          expect(script.statements.filter((statement) => statement.error).map((statement) => statement.error!.message)).toEqual([]);
          const result = lint(expansion.text, settings, undefined, path);
          expect(result.internalErrors).toEqual([]);
          const kept = (finding: Finding): boolean => finding.severity === 'hint' && (KEPT_HINTS[snippet.prefix] ?? []).includes(finding.ruleId);
          expect(result.findings.filter((finding) => !kept(finding)).map((finding) => `${finding.range.start.line + 1}: ${finding.ruleId}: ${finding.message}`)).toEqual([]);
          expect(result.findings.filter(kept).map((finding) => finding.ruleId)).toEqual(KEPT_HINTS[snippet.prefix] ?? []);
        });
      }
    }
  }
});

for (const target of databaseTargets()) {
  describe(`SQL snippets apply on ${target.name}`, () => {
    const db = databaseForSuite(target);

    for (const claim of LOCK_CLAIMS) {
      it(`lock claim: ${claim.claim}`, async () => {
        await resetDatabase(db);
        await runScript(db, claim.prelude);
        const table = Object.keys(claim.strongest)[0];
        const fileBefore = await scalar(db, `SELECT pg_relation_filenode('${table}')`);
        await db.exec('BEGIN');
        try {
          await db.exec(claim.sql);
          const strongest: Record<string, string | undefined> = {};
          for (const name of Object.keys(claim.strongest)) strongest[name] = strongestOf(await locksOn(db, name));
          expect(strongest).toEqual(claim.strongest);
          if (claim.rewrites !== undefined) expect((await scalar(db, `SELECT pg_relation_filenode('${table}')`)) !== fileBefore).toBe(claim.rewrites);
        } finally {
          await db.exec('ROLLBACK');
        }
      });
    }

    for (const scenario of SCENARIOS) {
      it(scenario.name, async () => {
        await resetDatabase(db);
        if (scenario.prelude) await runScript(db, scenario.prelude);
        for (const step of scenario.steps) {
          if ('snippet' in step) await runAs(db, step.run, sqlOf(step.snippet));
          else await step.action(db, target.name);
        }
      });
    }
  });
}
