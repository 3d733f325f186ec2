/**
 * Every Python snippet, expanded as the editor inserts it, compiles (py_compile). The Alembic ones
 * run under `alembic upgrade head --sql` (offline) in a temporary project; the SQL Alembic writes
 * lints clean, applies to PGlite (and the server named by SCHEMAGUARD_TEST_PG_URL), leaves the schema
 * the snippet promises, and the downgrade's SQL restores the schema it started from. With SCHEMAGUARD_TEST_PG_URL, the revisions also run online
 * through the async env.py snippet (asyncpg) against that server, up and back down.
 *
 * python3 or Alembic missing fails these tests; SCHEMAGUARD_SKIP_PYTHON=1 / SCHEMAGUARD_SKIP_ALEMBIC=1 skip them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScript } from '../../server/src/core/source/document';
import type { Database } from '../harness/database';
import { databaseForSuite, databaseTargets, openServer, resetDatabase, runScript } from '../harness/database';
import { lint } from '../harness/lint';
import type { SchemaSnapshot } from '../harness/schema-snapshot';
import { snapshotSchema } from '../harness/schema-snapshot';
import { SKIP_ALEMBIC, SKIP_PYTHON, alembicOutput, alembicProject, asyncpgPython, compileEach } from './alembic';
import type { ExpandOptions } from './expand';
import { expandSnippet, expansionVariants, mirroredRandomTabStops, readSnippets } from './expand';
import {
  ORDERS_PRELUDE,
  count,
  expectColumn,
  expectCustomerIdNotNull,
  expectIndex,
  expectOrdersCustomerIdIndex,
  expectStatusBackfilled,
  expectValidatedForeignKey,
  scalar,
} from './scenarios';

const SNIPPETS = readSnippets('snippets/python.json');
const OFFLINE_URL = 'postgresql://schemaguard@localhost/schemaguard';

function snippet(prefix: string) {
  const found = SNIPPETS.find((candidate) => candidate.prefix === prefix);
  if (!found) throw new Error(`no Python snippet ${prefix}`);
  return found;
}

/** A revision snippet expanded with the given revision id and parent (both as Python literals). */
function revision(prefix: string, id: string, parent: string | null, values: ExpandOptions['values'] = {}): string {
  return expandSnippet(snippet(prefix).body, { values: { 2: id, 3: parent === null ? 'None' : `"${parent}"`, ...values } }).text;
}

/** What each revision snippet must leave after `upgrade`, checked on the database it ran on. */
const REVISIONS: Array<{ prefix: string; values?: ExpandOptions['values']; check: (db: Database) => Promise<void> }> = [
  { prefix: 'sg-alembic-revision', check: (db) => expectColumn(db, 'public.orders.note text NULL') },
  { prefix: 'sg-alembic-index-concurrently', values: { 5: 'status' }, check: (db) => expectIndex(db, 'CREATE INDEX orders_status_idx ON public.orders USING btree (status)') },
  { prefix: 'sg-alembic-not-null-two-phase', check: expectCustomerIdNotNull },
  { prefix: 'sg-alembic-foreign-key-not-valid', check: expectValidatedForeignKey },
  { prefix: 'sg-alembic-backfill', check: expectStatusBackfilled },
];

/** The schema, less Alembic's own alembic_version table (which the upgrade creates). */
async function schemaWithoutAlembic(db: Database): Promise<SchemaSnapshot> {
  const schema = await snapshotSchema(db);
  const keep = (lines: string[]) => lines.filter((line) => !line.includes('alembic_version'));
  return { tables: keep(schema.tables), columns: keep(schema.columns), indexes: keep(schema.indexes), constraints: keep(schema.constraints) };
}

function expectLintsClean(sql: string): void {
  const script = parseScript(sql);
  expect(script.statements.filter((statement) => statement.error).map((statement) => statement.error!.message)).toEqual([]);
  const result = lint(sql, { transaction: 'explicit' });
  expect(result.internalErrors).toEqual([]);
  expect(result.findings.map((finding) => `${finding.range.start.line + 1}: ${finding.ruleId}: ${finding.message}`)).toEqual([]);
}

describe('snippets/python.json', () => {
  it('has Alembic snippets with sg- prefixes, one each, and descriptions', () => {
    const prefixes = SNIPPETS.map((candidate) => candidate.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    expect(prefixes).toEqual(expect.arrayContaining([...REVISIONS.map((entry) => entry.prefix), 'sg-alembic-env-async', 'sg-alembic-merge']));
    expect(prefixes).toHaveLength(REVISIONS.length + 2);
    for (const candidate of SNIPPETS) {
      expect(candidate.prefix).toMatch(/^sg-alembic-[a-z0-9-]+$/);
      expect(candidate.description.length).toBeGreaterThan(20);
      expect(mirroredRandomTabStops(candidate.body)).toEqual([]);
      expect(expandSnippet(candidate.body).unknownVariables).toEqual([]);
    }
  });

  it('revision ids are 12 random hex digits, and the create date is now', () => {
    const text = expandSnippet(snippet('sg-alembic-revision').body).text;
    expect(text).toMatch(/^revision = "[0-9a-f]{12}"$/m);
    expect(text).toMatch(/^Create Date: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/m);
  });
});

describe.skipIf(SKIP_PYTHON)('every Python snippet compiles (py_compile)', () => {
  const variants = SNIPPETS.flatMap((candidate) => expansionVariants(candidate.body).map(({ label, expansion }) => [`${candidate.prefix} (${label})`, expansion.text]));
  let errors: Record<string, string | null>;
  beforeAll(() => {
    errors = compileEach(Object.fromEntries(variants));
  });
  it('compiles a broken one to an error (the check can fail)', () => {
    expect(compileEach({ broken: 'def upgrade(:\n    pass\n' }).broken).toMatch(/SyntaxError/);
  });
  for (const [name] of variants) {
    it(name, () => {
      expect(errors[name]).toBeNull();
    });
  }
});

/** What alembic renders, once per test file however many databases the SQL is applied to. */
const rendered = new Map<string, string>();
function render(key: string, make: () => string): string {
  if (!rendered.has(key)) rendered.set(key, make());
  return rendered.get(key)!;
}

/**
 * The project's first revision, which the snippet's revision follows: downgrading to it is what a
 * rollback does (downgrading to base would also drop Alembic's own alembic_version table).
 */
const BASE_REVISION = `revision = "a0a0a0a0a0a0"\ndown_revision = None\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n`;

function offlineRevision(prefix: string, values: ExpandOptions['values'], command: 'upgrade' | 'downgrade'): string {
  return render(`${prefix} ${command}`, () => {
    const project = alembicProject({
      url: OFFLINE_URL,
      revisions: { 'a0_base.py': BASE_REVISION, 'a1_revision.py': revision(prefix, 'a1b2c3d4e5f6', 'a0a0a0a0a0a0', values) },
    });
    return alembicOutput(project, command === 'upgrade' ? ['upgrade', 'head', '--sql'] : ['downgrade', 'a1b2c3d4e5f6:a0a0a0a0a0a0', '--sql']);
  });
}

function offlineAsyncEnv(): string {
  return render('env-async', () => {
    const project = alembicProject({
      url: 'postgresql+asyncpg://schemaguard@localhost/schemaguard',
      envPy: expandSnippet(snippet('sg-alembic-env-async').body).text,
      revisions: {
        'a1.py': revision('sg-alembic-revision', 'a1a1a1a1a1a1', null),
        'b2.py': revision('sg-alembic-revision', 'b2b2b2b2b2b2', 'a1a1a1a1a1a1', { 5: 'note_2' }),
      },
    });
    return alembicOutput(project, ['upgrade', 'head', '--sql']);
  });
}

let merge: { heads: string; sql: string } | undefined;
function offlineMerge(): { heads: string; sql: string } {
  if (merge) return merge;
  const project = alembicProject({
    url: OFFLINE_URL,
    revisions: {
      'first.py': revision('sg-alembic-revision', 'first_head_revision', null),
      'second.py': revision('sg-alembic-revision', 'second_head_revision', null, { 5: 'note_2' }),
      'merge.py': expandSnippet(snippet('sg-alembic-merge').body, { values: { 2: 'c3c3c3c3c3c3' } }).text,
    },
  });
  merge = { heads: alembicOutput(project, ['heads']), sql: alembicOutput(project, ['upgrade', 'head', '--sql']) };
  return merge;
}

for (const target of SKIP_ALEMBIC ? [] : databaseTargets()) {
  describe(`Alembic snippets under alembic --sql, applied on ${target.name}`, () => {
    const db = databaseForSuite(target);

    /** Applies the prelude, then the upgrade SQL; returns the schema from before the upgrade. */
    async function applyUpgrade(sql: string): Promise<SchemaSnapshot> {
      await resetDatabase(db);
      await runScript(db, ORDERS_PRELUDE);
      const before = await snapshotSchema(db);
      await runScript(db, sql);
      return before;
    }

    for (const { prefix, values, check } of REVISIONS) {
      it(`${prefix}: upgrade and downgrade SQL lint clean and apply`, async () => {
        const upgrade = offlineRevision(prefix, values, 'upgrade');
        expect(upgrade).toContain('-- Running upgrade a0a0a0a0a0a0 -> a1b2c3d4e5f6');
        expectLintsClean(upgrade);
        const before = await applyUpgrade(upgrade);
        await check(db);
        expect(await scalar(db, 'SELECT version_num FROM alembic_version')).toBe('a1b2c3d4e5f6');

        const downgrade = offlineRevision(prefix, values, 'downgrade');
        expect(downgrade).toContain('-- Running downgrade a1b2c3d4e5f6 -> a0a0a0a0a0a0');
        expectLintsClean(downgrade);
        await runScript(db, downgrade);
        expect(await schemaWithoutAlembic(db)).toEqual(before);
      });
    }

    it('sg-alembic-env-async: offline SQL sets lock_timeout and runs each revision in its own transaction', async () => {
      const sql = offlineAsyncEnv();
      expect(sql.indexOf("SET lock_timeout = '5s';")).toBeGreaterThanOrEqual(0);
      expect(sql.indexOf("SET lock_timeout = '5s';")).toBeLessThan(sql.indexOf('-- Running upgrade'));
      expect(sql.match(/^BEGIN;$/gm)).toHaveLength(2);
      expect(sql.match(/^COMMIT;$/gm)).toHaveLength(2);
      expectLintsClean(sql);
      await applyUpgrade(sql);
      await expectColumn(db, 'public.orders.note text NULL');
      await expectColumn(db, 'public.orders.note_2 text NULL');
    });

    it('sg-alembic-merge: joins two heads into one', async () => {
      const { heads, sql } = offlineMerge();
      expect(heads.trim()).toBe('c3c3c3c3c3c3 (head)');
      expectLintsClean(sql);
      await applyUpgrade(sql);
      await expectColumn(db, 'public.orders.note text NULL');
      await expectColumn(db, 'public.orders.note_2 text NULL');
      expect(await db.query('SELECT version_num FROM alembic_version')).toEqual([{ version_num: 'c3c3c3c3c3c3' }]);
    });
  });
}

const serverUrl = process.env.SCHEMAGUARD_TEST_PG_URL;

describe.skipIf(SKIP_ALEMBIC || !serverUrl)('Alembic snippets online through the async env.py (asyncpg) on the server', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openServer(serverUrl!);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('upgrade head runs every revision snippet, downgrade base undoes them', async () => {
    const ids = REVISIONS.map((_, index) => `${index + 1}`.repeat(12));
    const revisions = Object.fromEntries(REVISIONS.map(({ prefix, values }, index) => [`r${index + 1}.py`, revision(prefix, ids[index], ids[index - 1] ?? null, values)]));
    const project = alembicProject({
      url: serverUrl!.replace(/^postgres(ql)?:/, 'postgresql+asyncpg:'),
      envPy: expandSnippet(snippet('sg-alembic-env-async').body).text,
      revisions,
    });
    await resetDatabase(db);
    await runScript(db, ORDERS_PRELUDE);
    const before = await snapshotSchema(db);

    const interpreter = asyncpgPython();
    alembicOutput(project, ['upgrade', 'head'], interpreter);
    for (const { check } of REVISIONS) await check(db);
    await expectOrdersCustomerIdIndex(db);
    expect(await scalar(db, 'SELECT version_num FROM alembic_version')).toBe(ids[ids.length - 1]);

    alembicOutput(project, ['downgrade', 'base'], interpreter);
    expect(await schemaWithoutAlembic(db)).toEqual(before);
    expect(await count(db, 'SELECT count(*) FROM alembic_version')).toBe(0);
  });
});
