/**
 * The locks of a statement that cannot run inside a transaction block (CREATE INDEX
 * CONCURRENTLY, VACUUM FULL, ...), seen from a second session on a PostgreSQL server: another
 * session holds ROW EXCLUSIVE on the table in an open transaction, so the statement stops
 * while holding (or queueing for) its lock, and pg_locks shows it. PGlite has one session only.
 */
import pg from 'pg';

const POLL_MS = 20;
const MAX_POLLS = 1500;

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** pg_locks.mode values the statement holds or waits for on `table` while it is blocked. */
export async function locksOutsideTransaction(url: string, sql: string, table: string): Promise<string[]> {
  const [observer, holder, runner] = await Promise.all([connect(url), connect(url), connect(url)]);
  try {
    const oid = (await observer.query<{ oid: number }>('SELECT $1::regclass::oid AS oid', [table])).rows[0].oid;
    await holder.query('BEGIN');
    await holder.query(`LOCK TABLE ${table} IN ROW EXCLUSIVE MODE`);
    const pid = (await runner.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    let finished = false;
    const run = runner.query(sql).finally(() => (finished = true));
    run.catch(() => undefined);

    let modes: string[] = [];
    for (let poll = 0; poll < MAX_POLLS && !finished; poll++) {
      const rows = (await observer.query<{ relation: number | null; mode: string; granted: boolean }>('SELECT relation, mode, granted FROM pg_locks WHERE pid = $1', [pid])).rows;
      if (rows.some((row) => !row.granted)) {
        modes = rows.filter((row) => Number(row.relation) === Number(oid)).map((row) => row.mode);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    await holder.query('ROLLBACK');
    await run;
    return [...new Set(modes)].sort();
  } finally {
    await Promise.all([observer.end(), holder.end(), runner.end()]);
  }
}
