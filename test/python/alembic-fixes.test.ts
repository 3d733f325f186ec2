/**
 * Every Alembic quick fix, round-tripped with real Alembic 1.8.1: the revision is linted in its
 * versions/ folder, the fix applied (new files written), and
 * - `alembic upgrade head --sql` renders the project before and after the fix (offline), and the SQL
 *   it renders after the fix lints clean for the fixed rule (and its SQL twin);
 * - with SCHEMAGUARD_TEST_PG_URL (the PostgreSQL server .ci/run starts; PGlite is not reachable
 *   from Python), `alembic upgrade head` then `alembic downgrade base` run online through the async
 *   env.py (asyncpg) and leave the schema the fix promises: its effect after the upgrade, and after
 *   the downgrade the empty schema the project started from (or the NotImplementedError it promises).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSettings } from '../../server/src/core/config';
import { applyEdits } from '../../server/src/core/fix/edits';
import { fixAll } from '../../server/src/core/fix-all';
import type { Finding } from '../../server/src/core/lint';
import { lintText } from '../../server/src/core/lint';
import { SchemaWorkspace } from '../../server/src/core/model/schema/workspace';
import { initParser } from '../../server/src/core/source/parser';
import type { Database } from '../harness/database';
import { openServer, resetDatabase } from '../harness/database';
import { lint } from '../harness/lint';
import type { SchemaSnapshot } from '../harness/schema-snapshot';
import { snapshotSchema } from '../harness/schema-snapshot';
import type { AlembicProject } from '../snippets/alembic';
import { SKIP_ALEMBIC, alembicProject, asyncpgPython } from '../snippets/alembic';
import { expandSnippet, readSnippets } from '../snippets/expand';
import { count, scalar } from '../snippets/scenarios';

const OFFLINE_URL = 'postgresql://schemaguard@localhost/schemaguard';
const DIR = '/project/migrations/versions';
const serverUrl = process.env.SCHEMAGUARD_TEST_PG_URL;

beforeAll(() => initParser());

function revision(id: string, down: string | null, upgrade: string, downgrade?: string): string {
  const head = `import sqlalchemy as sa\nfrom alembic import op\n\nrevision = "${id}"\ndown_revision = ${down === null ? 'None' : down.startsWith('(') ? down : `"${down}"`}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n${upgrade}`;
  return downgrade === undefined ? head : `${head}\n\n\ndef downgrade():\n${downgrade}`;
}

const USERS = revision(
  'a1',
  null,
  '    op.create_table("users", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("email", sa.Text()))\n    op.execute("INSERT INTO users (id, email) SELECT g, \'u\' || g || \'@example.com\' FROM generate_series(1, 25) g")\n',
  '    op.drop_table("users")\n',
);
const ORDERS = revision(
  'b2',
  'a1',
  '    op.create_table("orders", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("user_id", sa.BigInteger()), sa.Column("total", sa.Numeric()))\n    op.create_index("ix_orders_user_id", "orders", ["user_id"])\n    op.execute("INSERT INTO orders (id, user_id, total) SELECT g, g % 25 + 1, g FROM generate_series(1, 40) g")\n',
  '    op.drop_table("orders")\n',
);

interface Online {
  /** The original revision fails online (the fix is what makes it run). */
  originalFails?: RegExp;
  /** The effect the fix promises, after `alembic upgrade head`. */
  check(db: Database): Promise<void>;
  /** After `alembic downgrade base`: the empty schema (default), or the downgrade stops with this. */
  downgradeFails?: RegExp;
}

interface Scenario {
  name: string;
  rule: string;
  before: Record<string, string>;
  file: string;
  source: string;
  /** Rules the SQL rendered after the fix must not report: the fixed rule's SQL form. */
  clean: string[];
  /** Text the SQL rendered after the fix contains (the fix's form in SQL): `alembic upgrade head --sql`, for downgrade fixes `downgrade head:base --sql`. */
  renders: string[];
  /** `alembic upgrade heads --sql` for the original (it has several heads: `head` fails). */
  originalHeads?: boolean;
  online: Online;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'op.create_index on a filled table -> CONCURRENTLY in an autocommit block',
    rule: 'require-concurrent-index',
    before: { '1_users.py': USERS },
    file: '2_index.py',
    source: revision('b2', 'a1', '    op.create_index("ix_users_email", "users", ["email"])\n', '    op.drop_index("ix_users_email", table_name="users")\n'),
    clean: ['require-concurrent-index', 'ban-concurrently-in-transaction'],
    renders: ['COMMIT;\n\nCREATE INDEX CONCURRENTLY ix_users_email ON users (email);\n\nBEGIN;'],
    online: { check: (db) => expectIndex(db, 'ix_users_email', 'CREATE INDEX ix_users_email ON public.users USING btree (email)') },
  },
  {
    name: 'op.drop_index -> CONCURRENTLY in an autocommit block',
    rule: 'require-concurrent-index-drop',
    before: { '1_users.py': USERS, '2_orders.py': ORDERS },
    file: '3_drop.py',
    source: revision('c3', 'b2', '    op.drop_index("ix_orders_user_id", table_name="orders")\n', '    op.create_index("ix_orders_user_id", "orders", ["user_id"])\n'),
    clean: ['require-concurrent-index-drop', 'ban-concurrently-in-transaction'],
    renders: ['DROP INDEX CONCURRENTLY ix_orders_user_id;'],
    online: { check: async (db) => expect(await count(db, "SELECT count(*) FROM pg_class WHERE relname = 'ix_orders_user_id'")).toBe(0) },
  },
  {
    name: 'postgresql_concurrently=True outside autocommit_block() -> inside one',
    rule: 'require-alembic-autocommit-block',
    before: { '1_users.py': USERS },
    file: '2_index.py',
    source: revision('b2', 'a1', '    op.create_index("ix_users_email", "users", ["email"], postgresql_concurrently=True)\n', '    op.drop_index("ix_users_email", table_name="users")\n'),
    clean: ['ban-concurrently-in-transaction'],
    renders: ['COMMIT;\n\nCREATE INDEX CONCURRENTLY ix_users_email ON users (email);\n\nBEGIN;'],
    online: { originalFails: /cannot run inside a transaction block/, check: (db) => expectIndex(db, 'ix_users_email', 'CREATE INDEX ix_users_email ON public.users USING btree (email)') },
  },
  {
    name: 'add_column(nullable=False, default="en") on a filled table -> nullable, batched backfill, NOT NULL via a validated CHECK',
    rule: 'ban-alembic-not-null-column-without-default',
    before: { '1_users.py': USERS },
    file: '2_locale.py',
    source: revision('b2', 'a1', '    op.add_column("users", sa.Column("locale", sa.Text(), nullable=False, default="en"))\n', '    op.drop_column("users", "locale")\n'),
    clean: ['ban-not-null-column-without-default', 'require-check-before-set-not-null', 'ban-validate-in-same-transaction', 'require-batched-backfill'],
    renders: ['ALTER TABLE users ADD COLUMN locale TEXT;', 'CHECK (locale IS NOT NULL) NOT VALID', 'VALIDATE CONSTRAINT users_locale_not_null_check', 'ALTER TABLE users ALTER COLUMN locale SET NOT NULL;'],
    online: {
      originalFails: /contains null values/,
      check: async (db) => {
        expect(await count(db, "SELECT count(*) FROM users WHERE locale = 'en'")).toBe(25);
        await expectColumn(db, 'users', 'locale', 'text NOT NULL');
        expect(await count(db, "SELECT count(*) FROM pg_constraint WHERE conname = 'users_locale_not_null_check'")).toBe(0);
      },
    },
  },
  {
    name: 'add_column(nullable=False) without a value on a table without rows -> the same steps, stopping while rows are NULL',
    rule: 'ban-alembic-not-null-column-without-default',
    before: { '1_plain.py': revision('a1', null, '    op.create_table("notes", sa.Column("body", sa.Text()))\n', '    op.drop_table("notes")\n') },
    file: '2_author.py',
    source: revision('b2', 'a1', '    op.add_column("notes", sa.Column("author", sa.Text(), nullable=False))\n', '    op.drop_column("notes", "author")\n'),
    clean: ['ban-not-null-column-without-default', 'require-check-before-set-not-null', 'ban-validate-in-same-transaction'],
    renders: ["RAISE EXCEPTION 'notes.author is NULL in existing rows", 'ALTER TABLE notes ALTER COLUMN author SET NOT NULL;'],
    online: { check: (db) => expectColumn(db, 'notes', 'author', 'text NOT NULL') },
  },
  {
    name: 'op.create_foreign_key(None, ...) on filled tables -> NOT VALID, then VALIDATE in its own step',
    rule: 'require-not-valid-constraint',
    before: { '1_users.py': USERS, '2_orders.py': ORDERS },
    file: '3_fk.py',
    source: revision('c3', 'b2', '    op.create_foreign_key(None, "orders", "users", ["user_id"], ["id"], ondelete="CASCADE")\n', '    op.drop_constraint("orders_user_id_fkey", "orders", type_="foreignkey")\n'),
    clean: ['require-not-valid-constraint', 'ban-validate-in-same-transaction'],
    renders: ['REFERENCES users (id) ON DELETE CASCADE NOT VALID;', 'COMMIT;\n\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fkey;\n\nBEGIN;'],
    online: { check: (db) => expectValidated(db, 'orders_user_id_fkey') },
  },
  {
    name: 'op.create_check_constraint -> NOT VALID, then VALIDATE in its own step',
    rule: 'require-not-valid-constraint',
    before: { '1_users.py': USERS, '2_orders.py': ORDERS },
    file: '3_check.py',
    source: revision('c3', 'b2', '    op.create_check_constraint("ck_orders_total", "orders", sa.text("total >= 0"))\n', '    op.drop_constraint("ck_orders_total", "orders", type_="check")\n'),
    clean: ['require-not-valid-constraint', 'ban-validate-in-same-transaction'],
    renders: ['CHECK (total >= 0) NOT VALID;', 'VALIDATE CONSTRAINT ck_orders_total;'],
    online: { check: (db) => expectValidated(db, 'ck_orders_total') },
  },
  {
    name: 'no downgrade() -> one that undoes upgrade() in reverse order (tables, enum types, indexes, columns, renames, generated constraint names, batch and autocommit blocks)',
    rule: 'require-alembic-downgrade',
    before: { '1_users.py': USERS },
    file: '2_many.py',
    source: revision(
      'b2',
      'a1',
      [
        '    op.execute("SET lock_timeout = \'5s\'")',
        '    op.create_table("tickets", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("user_id", sa.BigInteger()), sa.Column("state", sa.Enum("open", "closed", name="ticket_state")))',
        '    op.create_foreign_key(None, "tickets", "users", ["user_id"], ["id"])',
        '    op.add_column("users", sa.Column("nickname", sa.String(40)))',
        '    op.alter_column("users", "email", new_column_name="mail", nullable=False, existing_type=sa.Text())',
        '    with op.batch_alter_table("users") as batch_op:',
        '        batch_op.add_column(sa.Column("karma", sa.Integer()))',
        '        batch_op.create_unique_constraint("uq_users_nickname", ["nickname"])',
        '    with op.get_context().autocommit_block():',
        '        op.create_index("ix_users_karma", "users", ["karma"], postgresql_concurrently=True)',
        '    op.rename_table("tickets", "issues")',
        '',
      ].join('\n'),
    ),
    clean: [],
    renders: ['DROP TYPE ticket_state;', 'DROP INDEX CONCURRENTLY ix_users_karma;', 'ALTER TABLE users RENAME mail TO email;'],
    online: {
      check: async (db) => {
        await expectColumn(db, 'users', 'mail', 'text NOT NULL');
        expect(await count(db, "SELECT count(*) FROM pg_type WHERE typname = 'ticket_state'")).toBe(1);
      },
    },
  },
  {
    name: 'downgrade() only passes after an irreversible drop -> it undoes what it can and raises NotImplementedError at the drop',
    rule: 'require-alembic-downgrade',
    before: { '1_users.py': USERS },
    file: '2_drop.py',
    source: revision('b2', 'a1', '    op.add_column("users", sa.Column("nickname", sa.Text()))\n    op.drop_column("users", "email")\n    op.create_index("ix_users_nickname", "users", ["nickname"])\n', '    pass\n'),
    clean: [],
    renders: ['ALTER TABLE users DROP COLUMN email;'],
    online: { check: (db) => expectColumn(db, 'users', 'nickname', 'text NULL'), downgradeFails: /NotImplementedError: upgrade\(\) cannot be undone past op\.drop_column\("users", "email"\)/ },
  },
  {
    name: 'two heads -> the merge revision alembic merge would write',
    rule: 'require-single-alembic-head',
    before: { '1_users.py': USERS, '2_orders.py': ORDERS },
    file: '2_notes.py',
    source: revision('c3', 'a1', '    op.create_table("notes", sa.Column("id", sa.Integer(), primary_key=True))\n', '    op.drop_table("notes")\n'),
    clean: [],
    renders: ['CREATE TABLE notes', 'CREATE TABLE orders', "UPDATE alembic_version SET version_num='"],
    originalHeads: true,
    online: { check: async (db) => expect(await count(db, "SELECT count(*) FROM pg_class WHERE relname IN ('notes', 'orders')")).toBe(2) },
  },
];

async function expectIndex(db: Database, name: string, definition: string): Promise<void> {
  expect(await db.query(`SELECT pg_get_indexdef(i.indexrelid) AS def, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = '${name}'`)).toEqual([{ def: definition, valid: true }]);
}

async function expectColumn(db: Database, table: string, column: string, type: string): Promise<void> {
  const rows = await db.query<{ line: string }>(
    `SELECT format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END AS line FROM pg_attribute a WHERE a.attrelid = '${table}'::regclass AND a.attname = '${column}'`,
  );
  expect(rows.map((row) => row.line)).toEqual([type]);
}

async function expectValidated(db: Database, constraint: string): Promise<void> {
  expect(await scalar(db, `SELECT convalidated FROM pg_constraint WHERE conname = '${constraint}'`)).toBe(true);
}

/** Lints the scenario's revision in its folder and applies the first fix of each finding of the rule. */
function applyFix(scenario: Scenario): { findings: Finding[]; fixed: string; files: Record<string, string> } {
  const workspace = new SchemaWorkspace();
  for (const [name, text] of Object.entries(scenario.before)) workspace.setFile(`${DIR}/${name}`, text);
  const path = `${DIR}/${scenario.file}`;
  workspace.setFile(path, scenario.source);
  const findings = lintText(scenario.source, { settings: resolveSettings(), path, schema: workspace.inputFor(path) }).findings.filter((finding) => finding.ruleId === scenario.rule);
  const { edits, files } = fixAll(findings);
  return { findings, fixed: applyEdits(scenario.source, edits), files: Object.fromEntries(files.map((file) => [file.path.slice(DIR.length + 1), file.text])) };
}

function relintClean(scenario: Scenario, fixed: string, files: Record<string, string>): Finding[] {
  const workspace = new SchemaWorkspace();
  for (const [name, text] of Object.entries({ ...scenario.before, ...files })) workspace.setFile(`${DIR}/${name}`, text);
  const path = `${DIR}/${scenario.file}`;
  workspace.setFile(path, fixed);
  return lintText(fixed, { settings: resolveSettings(), path, schema: workspace.inputFor(path) }).findings.filter((finding) => finding.ruleId === scenario.rule || finding.ruleId === 'syntax-error');
}

function run(project: AlembicProject, args: string[], interpreter?: string): { status: number | null; out: string } {
  const result = project.run(args, interpreter);
  return { status: result.status, out: `${result.stdout}\n${result.stderr}` };
}

const rendered = new Map<string, { original: string; fixed: string; files: Record<string, string> }>();

describe.skipIf(SKIP_ALEMBIC)('Alembic quick fixes under real Alembic, offline (alembic upgrade head --sql)', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.rule}: ${scenario.name}`, () => {
      const { findings, fixed, files } = applyFix(scenario);
      expect(findings.length).toBeGreaterThan(0);
      expect(fixed !== scenario.source || Object.keys(files).length > 0).toBe(true);
      expect(relintClean(scenario, fixed, files)).toEqual([]);

      const original = alembicProject({ url: OFFLINE_URL, revisions: { ...scenario.before, [scenario.file]: scenario.source } });
      const before = run(original, ['upgrade', scenario.originalHeads ? 'heads' : 'head', '--sql']);
      expect(before.status, before.out).toBe(0);

      const project = alembicProject({ url: OFFLINE_URL, revisions: { ...scenario.before, [scenario.file]: fixed, ...files } });
      const after = run(project, ['upgrade', 'head', '--sql']);
      expect(after.status, after.out).toBe(0);
      if (scenario.rule !== 'require-alembic-downgrade') for (const text of scenario.renders) expect(after.out).toContain(text);
      const reported = lint(after.out, { transaction: 'explicit' }).findings.filter((finding) => scenario.clean.includes(finding.ruleId) || finding.ruleId === 'syntax-error');
      expect(reported.map((finding) => `${finding.ruleId}: ${after.out.slice(finding.start, finding.end)}`)).toEqual([]);
      if (scenario.originalHeads) {
        expect(run(original, ['heads']).out.trim().split('\n').filter((line) => line.includes('(head)'))).toHaveLength(2);
        expect(run(project, ['heads']).out.trim().split('\n').filter((line) => line.includes('(head)'))).toHaveLength(1);
      }
      if (scenario.rule === 'require-alembic-downgrade') {
        const down = run(project, ['downgrade', 'head:base', '--sql']);
        if (scenario.online.downgradeFails) expect(down.out).toMatch(scenario.online.downgradeFails);
        else {
          expect(down.status, down.out).toBe(0);
          for (const text of scenario.renders) expect(down.out).toContain(text);
        }
      }
      rendered.set(scenario.name, { original: scenario.source, fixed, files });
    });
  }
});

describe.skipIf(SKIP_ALEMBIC || !serverUrl)('Alembic quick fixes under real Alembic, online on the server (upgrade head, downgrade base)', () => {
  let db: Database;
  let empty: SchemaSnapshot;
  let envPy: string;
  beforeAll(async () => {
    db = await openServer(serverUrl!);
    const snippet = readSnippets('snippets/python.json').find((candidate) => candidate.prefix === 'sg-alembic-env-async')!;
    envPy = expandSnippet(snippet.body).text;
  });
  afterAll(async () => {
    await db?.close();
  });

  const online = (revisions: Record<string, string>) =>
    alembicProject({ url: serverUrl!.replace(/^postgres(ql)?:/, 'postgresql+asyncpg:'), envPy, revisions });

  for (const scenario of SCENARIOS) {
    it(`${scenario.rule}: ${scenario.name}`, async () => {
      const interpreter = asyncpgPython();
      const { fixed, files } = rendered.get(scenario.name) ?? applyFix(scenario);
      if (scenario.online.originalFails) {
        await resetDatabase(db);
        const original = run(online({ ...scenario.before, [scenario.file]: scenario.source }), ['upgrade', 'head'], interpreter);
        expect(original.status).not.toBe(0);
        expect(original.out).toMatch(scenario.online.originalFails);
      }
      await resetDatabase(db);
      empty = await snapshotSchema(db);
      const project = online({ ...scenario.before, [scenario.file]: fixed, ...files });
      const up = run(project, ['upgrade', 'head'], interpreter);
      expect(up.status, up.out).toBe(0);
      await scenario.online.check(db);
      const down = run(project, ['downgrade', 'base'], interpreter);
      if (scenario.online.downgradeFails) {
        expect(down.status).not.toBe(0);
        expect(down.out).toMatch(scenario.online.downgradeFails);
        return;
      }
      expect(down.status, down.out).toBe(0);
      const after = await snapshotSchema(db);
      const keep = (lines: string[]) => lines.filter((line) => !line.includes('alembic_version'));
      expect({ tables: keep(after.tables), columns: keep(after.columns), indexes: keep(after.indexes), constraints: keep(after.constraints) }).toEqual(empty);
      expect(await count(db, "SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e'")).toBe(0);
    });
  }
});
