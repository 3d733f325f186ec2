/** The built CLI in a real git repository: the rules about committed migrations read git's HEAD, and stay silent without git. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve('dist/cli.js');
const GIT_RULES = ['ban-editing-applied-migration', 'ban-out-of-order-migration'];

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function write(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
}

function git(root: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: root, stdio: 'ignore' });
}

const COMMITTED = {
  'db/migrations/0010_users.up.sql': 'CREATE TABLE users (id bigint PRIMARY KEY);\n',
  'db/migrations/0010_users.down.sql': 'DROP TABLE users;\n',
  'db/migrations/0020_orders.up.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY);\n',
  'db/migrations/0020_orders.down.sql': 'DROP TABLE orders;\n',
};
const EDITED = 'CREATE TABLE users (id bigint PRIMARY KEY);\nALTER TABLE users ADD COLUMN email text;\n';
const LATE = { 'db/migrations/0015_tags.up.sql': 'CREATE TABLE tags (id bigint PRIMARY KEY);\n', 'db/migrations/0015_tags.down.sql': 'DROP TABLE tags;\n' };

function repository(): string {
  const root = mkdtempSync(join(tmpdir(), 'sg-git-'));
  write(root, COMMITTED);
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'migrations');
  write(root, { 'db/migrations/0010_users.up.sql': EDITED, ...LATE });
  return root;
}

type JsonFinding = { file: string; ruleId: string; range: { start: { line: number } } };

function gitFindings(stdout: string): Array<[string, string, number]> {
  return (JSON.parse(stdout) as JsonFinding[]).filter((finding) => GIT_RULES.includes(finding.ruleId)).map((finding) => [finding.file, finding.ruleId, finding.range.start.line]);
}

describe('schemaguard lint in a git repository', () => {
  it('reports an edited committed migration and an out-of-order new one', () => {
    const root = repository();
    const { stdout } = run(['lint', 'db', '--format', 'json'], root);
    expect(gitFindings(stdout)).toEqual([
      ['db/migrations/0010_users.up.sql', 'ban-editing-applied-migration', 1],
      ['db/migrations/0015_tags.up.sql', 'ban-out-of-order-migration', 0],
    ]);
  });

  it('--fix restores the committed text and moves the change to a new last migration', () => {
    const root = repository();
    run(['lint', 'db', '--fix'], root);
    expect(readFileSync(join(root, 'db/migrations/0010_users.up.sql'), 'utf8')).toBe(COMMITTED['db/migrations/0010_users.up.sql']);
    expect(readFileSync(join(root, 'db/migrations/0021_users_followup.up.sql'), 'utf8')).toBe('ALTER TABLE users ADD COLUMN email text;\n');
    expect(existsSync(join(root, 'db/migrations/0021_users_followup.down.sql'))).toBe(true);
    expect(gitFindings(run(['lint', 'db', '--format', 'json'], root).stdout).filter(([, rule]) => rule === 'ban-editing-applied-migration')).toEqual([]);
  });

  it('is silent once the change is committed', () => {
    const root = repository();
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'more');
    expect(gitFindings(run(['lint', 'db', '--format', 'json'], root).stdout)).toEqual([]);
  });

  it('is silent outside a repository and without git', () => {
    const outside = mkdtempSync(join(tmpdir(), 'sg-nogit-'));
    write(outside, { ...COMMITTED, 'db/migrations/0010_users.up.sql': EDITED, ...LATE });
    expect(gitFindings(run(['lint', 'db', '--format', 'json'], outside).stdout)).toEqual([]);
    const root = repository();
    const withoutGit = run(['lint', 'db', '--format', 'json'], root, { ...process.env, PATH: '/nonexistent' });
    expect(withoutGit.stderr).toBe('');
    expect(gitFindings(withoutGit.stdout)).toEqual([]);
  });

  it('is silent in a repository without commits', () => {
    const root = mkdtempSync(join(tmpdir(), 'sg-git-empty-'));
    write(root, { ...COMMITTED, ...LATE });
    git(root, 'init', '-q');
    expect(gitFindings(run(['lint', 'db', '--format', 'json'], root).stdout)).toEqual([]);
  });
});
