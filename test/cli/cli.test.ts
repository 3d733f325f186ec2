/** The built CLI (dist/cli.js) as CI runs it: exit codes, output formats, config, fixes. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';

const CLI = resolve('dist/cli.js');

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function workspace(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'sg-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

const UNSAFE = 'CREATE INDEX i ON t (c);\n';

describe('schemaguard lint', () => {
  it('exits 1 and prints the finding with line and column', () => {
    const root = workspace({ 'f.sql': `SELECT 1;\n${UNSAFE}` });
    const { code, stdout } = run(['lint', 'f.sql'], root);
    expect(code).toBe(1);
    expect(stdout).toContain('f.sql');
    expect(stdout).toMatch(/ 2:1 +warning +CREATE INDEX on "t" blocks every write/);
    expect(stdout).toContain('require-concurrent-index');
  });

  it('lints Alembic revisions in versions/ by default, at their Python ranges, in every format', () => {
    const revision = 'from alembic import op\nrevision = "0002"\ndown_revision = None\n\ndef upgrade():\n    op.create_index("ix_a", "t", ["a"])\n\ndef downgrade():\n    raise NotImplementedError()\n';
    const root = workspace({ 'migrations/versions/0002_a.py': revision, 'migrations/env.py': 'from alembic import context\n', 'app/models.py': 'x = 1\n' });
    const text = run(['lint'], root);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('migrations/versions/0002_a.py');
    expect(text.stdout).toMatch(/ 6:5 +warning .*require-concurrent-index/);
    expect(text.stdout).toContain('1 file');
    const json = JSON.parse(run(['lint', 'migrations/versions', '--format', 'json'], root).stdout);
    expect(json).toEqual([
      expect.objectContaining({ file: 'migrations/versions/0002_a.py', ruleId: 'require-concurrent-index', range: { start: { line: 5, character: 4 }, end: { line: 5, character: 39 } } }),
    ]);
    const sarif = JSON.parse(run(['lint', '--format', 'sarif'], root).stdout);
    expect(sarif.runs[0].results.map((result: { ruleId: string }) => result.ruleId)).toEqual(['require-concurrent-index']);
  });

  it('exits 0 on a safe file', () => {
    const root = workspace({ 'f.sql': 'CREATE INDEX CONCURRENTLY i ON t (c);\n' });
    const { code, stdout } = run(['lint', 'f.sql'], root);
    expect(code).toBe(0);
    expect(stdout).toContain('No problems in 1 file.');
  });

  it('prints one JSON array in the documented shape with 0-based positions', () => {
    const root = workspace({ 'f.sql': UNSAFE });
    const { code, stdout } = run(['lint', 'f.sql', '--format', 'json'], root);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual([
      {
        file: 'f.sql',
        ruleId: 'require-concurrent-index',
        severity: 'warning',
        category: 'migration-safety',
        message: expect.stringContaining('use CREATE INDEX CONCURRENTLY'),
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 19 } },
      },
    ]);
  });

  it('prints SARIF 2.1.0 that validates against the schema', () => {
    const root = workspace({ 'db/f.sql': `SELECT 'é';\n${UNSAFE}`, 'db/g.sql': 'SELEC 1;' });
    const { code, stdout } = run(['lint', 'db', '--format', 'sarif'], root);
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout);
    const schema = JSON.parse(readFileSync('node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] }), 'the validator rejects a run without a tool').toBe(false);
    const results = sarif.runs[0].results;
    expect(results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['require-concurrent-index', 'syntax-error']);
    expect(results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'db/f.sql', uriBaseId: 'SRCROOT' },
      region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 20 },
    });
    expect(results[0].fixes[0].artifactChanges[0].replacements[0].insertedContent.text).toBe(' CONCURRENTLY');
    const rules = sarif.runs[0].tool.driver.rules;
    expect(rules[results[0].ruleIndex].id).toBe('require-concurrent-index');
  });

  it('lints folders by the include and exclude settings of .schemaguard.json', () => {
    const root = workspace({
      '.schemaguard.json': '{ "include": ["db/**/*.sql"], "exclude": ["**/seeds/**"], "rules": { "require-concurrent-index": "error" } }',
      'db/migrations/001.sql': UNSAFE,
      'db/seeds/seed.sql': UNSAFE,
      'other/x.sql': UNSAFE,
      'node_modules/pkg/y.sql': UNSAFE,
    });
    const { stdout } = run(['lint', '--format', 'json'], root);
    const findings = JSON.parse(stdout);
    expect(findings.map((f: { file: string; severity: string }) => [f.file, f.severity])).toEqual([['db/migrations/001.sql', 'error']]);
  });

  it('applies include globs relative to a folder outside the working folder', () => {
    const elsewhere = workspace({ 'db/001.sql': UNSAFE, 'db/README.md': 'CREATE INDEX i ON t (c);' });
    const cwd = workspace({});
    const findings = JSON.parse(run(['lint', join(elsewhere, 'db'), '--format', 'json'], cwd).stdout);
    expect(findings.map((f: { file: string }) => f.file)).toEqual([join(elsewhere, 'db', '001.sql')]);
  });

  it('reports a broken config file as a finding on that file and still lints', () => {
    const root = workspace({ 'cfg.json': '{ "postgresVersion": 99, }', 'f.sql': UNSAFE });
    const { code, stdout } = run(['lint', 'f.sql', '--config', 'cfg.json', '--format', 'json'], root);
    expect(code).toBe(1);
    const findings = JSON.parse(stdout);
    expect(findings.map((f: { file: string; ruleId: string }) => [f.file, f.ruleId])).toEqual([
      ['cfg.json', 'config-error'],
      ['f.sql', 'require-concurrent-index'],
    ]);
    expect(findings[0].range.start).toEqual({ line: 0, character: 21 });
  });

  it('does not call a down migration destructive for dropping what its up migration added', () => {
    const root = workspace({ 'm/000012_note.up.sql': 'ALTER TABLE orders ADD COLUMN note text;\n', 'm/000012_note.down.sql': 'ALTER TABLE orders DROP COLUMN note;\n', 'm/000013_x.up.sql': 'ALTER TABLE orders DROP COLUMN legacy;\n' });
    const findings = JSON.parse(run(['lint', 'm', '--format', 'json'], root).stdout);
    expect(findings.filter((f: { ruleId: string }) => f.ruleId === 'ban-drop-column').map((f: { file: string }) => f.file)).toEqual(['m/000013_x.up.sql']);
  });

  it('lets the command line override the config file', () => {
    const root = workspace({ '.schemaguard.json': '{ "transaction": "explicit" }', 'f.sql': UNSAFE });
    const { stdout } = run(['lint', 'f.sql', '--transaction', 'per-file', '--format', 'json'], root);
    expect(JSON.parse(stdout)[0].message).toContain('the one transaction the migration runner runs this file in');
  });

  it('judges a foreign key against the index a later migration of its history creates', () => {
    const files = {
      'migrations/1_customers.up.sql': 'CREATE TABLE customers (id bigint PRIMARY KEY);\n',
      'migrations/2_orders.up.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);\n',
    };
    const without = run(['lint', 'migrations/2_orders.up.sql', '--format', 'json'], workspace(files));
    expect(JSON.parse(without.stdout).map((finding: { ruleId: string }) => finding.ruleId)).toEqual(['require-index-on-foreign-key']);
    const covered = { ...files, 'migrations/3_orders_index.up.sql': 'CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n' };
    const withIndex = run(['lint', 'migrations/2_orders.up.sql', '--format', 'json'], workspace(covered));
    expect(JSON.parse(withIndex.stdout)).toEqual([]);
  });

  it('reads a schema/ folder of several files as one schema, in dependency order', () => {
    const files = {
      'schema/CreateFKConstraints.sql': 'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);\n',
      'schema/CreateTables.sql': 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n',
    };
    const without = run(['lint', 'schema', '--format', 'json'], workspace(files));
    expect(JSON.parse(without.stdout).map((finding: { file: string; ruleId: string }) => `${finding.file} ${finding.ruleId}`)).toEqual(['schema/CreateFKConstraints.sql require-index-on-foreign-key']);
    const covered = { ...files, 'schema/CreateIndexes.sql': 'CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n' };
    expect(JSON.parse(run(['lint', 'schema', '--format', 'json'], workspace(covered)).stdout)).toEqual([]);
  });

  it('writes the migration a fix adds with --fix', () => {
    const root = workspace({
      'migrations/1_customers.up.sql': 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n',
      'migrations/2_fk.up.sql': "SET lock_timeout = '2s';\nALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers NOT VALID;\n",
    });
    run(['lint', 'migrations/2_fk.up.sql', '--fix', '--transaction', 'single-command'], root);
    expect(readFileSync(join(root, 'migrations/3_index_orders_customer_id_idx.up.sql'), 'utf8')).toBe('CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);\n');
    expect(readFileSync(join(root, 'migrations/3_index_orders_customer_id_idx.down.sql'), 'utf8')).toBe('DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_idx;\n');
    const after = run(['lint', 'migrations', '--format', 'json', '--transaction', 'single-command'], root);
    expect(JSON.parse(after.stdout).filter((finding: { ruleId: string }) => finding.ruleId === 'require-index-on-foreign-key')).toEqual([]);
  });

  it('rewrites files with --fix', () => {
    const root = workspace({ 'f.sql': UNSAFE });
    const { code } = run(['lint', 'f.sql', '--fix'], root);
    expect(code).toBe(0);
    expect(readFileSync(join(root, 'f.sql'), 'utf8')).toBe('CREATE INDEX CONCURRENTLY i ON t (c);\n');
  });

  it('skips binary and oversized files with one finding each', () => {
    const root = workspace({
      'bin.sql': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe]),
      '.schemaguard.json': '{ "maxFileSize": 2048 }',
      'big.sql': 'SELECT 1;\n'.repeat(300),
    });
    const { stdout } = run(['lint', '.', '--format', 'json'], root);
    const findings = JSON.parse(stdout);
    expect(findings.map((f: { file: string; ruleId: string; message: string }) => [f.file, f.ruleId])).toEqual([
      ['big.sql', 'file-skipped'],
      ['bin.sql', 'file-skipped'],
    ]);
    expect(findings[0].message).toContain('3000 bytes');
    expect(findings[1].message).toContain('binary');
  });

  it.each([
    [['lint', 'f.sql', '--format', 'xml'], /--format must be text, json or sarif/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['lint', 'missing.sql'], /no files match "missing.sql"/],
    [['lint', 'f.sql', '--config', 'nope.json'], /nope.json/],
    [['lint', 'f.sql', '--postgres-version', '8'], /--postgres-version must be one of/],
    [['lint', '--bogus'], /Unknown option/],
  ])('exits 2 on a usage error: %s', (args, message) => {
    const root = workspace({ 'f.sql': UNSAFE });
    const { code, stderr } = run(args, root);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('lists the rules and prints its version', () => {
    const root = workspace({});
    expect(run(['rules'], root).stdout).toContain('require-concurrent-index');
    expect(run(['--version'], root).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
