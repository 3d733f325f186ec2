/**
 * npx tsx scripts/bench-git.ts [--files N]: what reading git costs the rules about committed
 * migrations, printed as numbers (never asserted in a test). Builds a throw-away repository of N
 * golang-migrate migrations (default 300, up and down: 2N .sql files) plus a few hundred other
 * files, commits them, edits three migrations, then times: finding the repository and listing HEAD
 * (once per HEAD), what the CLI does before linting (every file hashed, the changed ones' committed
 * texts read in one batch), one look-up per file as a lint does it, and the whole CLI run with git
 * and without it (git not on PATH).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GitRepository, committedFilesOfWorkspace } from '../server/src/git-files';

const { values } = parseArgs({ options: { files: { type: 'string' } } });
const count = Number(values.files ?? 300);
const runs = 5;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time(run: () => Promise<unknown> | unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'sg-bench-git-'));
  try {
    const folder = join(root, 'db/migrations');
    mkdirSync(folder, { recursive: true });
    const paths: string[] = [];
    for (let i = 1; i <= count; i++) {
      const version = String(i).padStart(6, '0');
      const up = join(folder, `${version}_t${i}.up.sql`);
      writeFileSync(up, `CREATE TABLE t${i} (id bigint PRIMARY KEY, note text);\nCREATE INDEX t${i}_note_idx ON t${i} (note);\n`);
      writeFileSync(join(folder, `${version}_t${i}.down.sql`), `DROP TABLE t${i};\n`);
      paths.push(up, join(folder, `${version}_t${i}.down.sql`));
    }
    mkdirSync(join(root, 'src'), { recursive: true });
    for (let i = 0; i < 300; i++) writeFileSync(join(root, 'src', `module${i}.ts`), `export const value${i} = ${i};\n`);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd: root, stdio: 'ignore' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'bench');
    for (const i of [3, Math.floor(count / 2), count - 1]) {
      const up = join(folder, `${String(i).padStart(6, '0')}_t${i}.up.sql`);
      writeFileSync(up, `${readFileSync(up, 'utf8')}ALTER TABLE t${i} ADD COLUMN extra text;\n`);
    }
    const files = paths.map((path) => ({ path, text: readFileSync(path, 'utf8') }));

    const open = await time(() => GitRepository.open(folder));
    const before = await time(() => committedFilesOfWorkspace(files));
    const committedFiles = await committedFilesOfWorkspace(files);
    const lookups = await time(() => {
      for (const { path, text } of files) committedFiles(path)?.committedTextIfChanged(path, text);
    });
    const cli = resolve('dist/cli.js');
    const wall = (env: NodeJS.ProcessEnv) =>
      time(() => {
        const result = spawnSync(process.execPath, [cli, 'lint', 'db', '--format', 'json'], { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
        if (result.status === 2) throw new Error(result.stderr);
      });
    const withGit = await wall(process.env);
    const withoutGit = await wall({ ...process.env, PATH: '/nonexistent' });

    const repository = await GitRepository.open(folder);
    console.log(`repository: ${count * 2} migration files (${count} up, ${count} down) + 300 other files, 3 migrations edited; median of ${runs} runs`);
    console.log(`  HEAD lists ${repository?.size} .sql files`);
    console.log(`  find the repository and list HEAD (git rev-parse + git ls-tree, once per HEAD): ${open.toFixed(1)} ms`);
    console.log(`  CLI before linting (that, plus ${files.length} files hashed and 3 committed texts read in one git cat-file --batch): ${before.toFixed(1)} ms`);
    console.log(`  ${files.length} look-ups as the lints make them (blob hash of each text, cached texts): ${lookups.toFixed(2)} ms (${((lookups / files.length) * 1000).toFixed(1)} µs per file)`);
    console.log(`  whole CLI run (node dist/cli.js lint db): ${withGit.toFixed(0)} ms with git, ${withoutGit.toFixed(0)} ms without git on PATH (difference ${(withGit - withoutGit).toFixed(0)} ms)`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
