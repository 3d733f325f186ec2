/**
 * The CLI on worker threads (server/src/cli-workers.ts) gives exactly what one thread gives: the
 * same JSON, text and exit code, on the project's examples and fixtures (several histories, dumps,
 * Alembic) and, when it is beside the project, on the whole shared corpus.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve('dist/cli.js');
const CORPUS = resolve('../shared/corpus');

function run(workers: number, args: string[], workersOnly = false) {
  const env = { ...process.env, SCHEMAGUARD_WORKERS: String(workers), SCHEMAGUARD_WORKERS_ONLY: workersOnly ? '1' : '0' };
  const result = spawnSync(process.execPath, [CLI, 'lint', ...args], { encoding: 'utf8', env, maxBuffer: 512 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the CLI on several threads', () => {
  const inputs = ['examples', 'test/fixtures'];

  it('reports what one thread reports, in the same order, on the examples and fixtures', () => {
    for (const format of ['json', 'text']) {
      const one = run(1, [...inputs, '--format', format, '--no-color']);
      expect(one.stdout.length).toBeGreaterThan(1000);
      expect(one.code).toBe(1);
      for (const workers of [2, 3]) expect(run(workers, [...inputs, '--format', format, '--no-color'])).toEqual(one);
      // the main thread lints nothing: every finding came from a worker
      expect(run(3, [...inputs, '--format', format, '--no-color'], true)).toEqual(one);
    }
    const findings = JSON.parse(run(1, [...inputs, '--format', 'json']).stdout);
    // more than one group of files to share out, or the test shows nothing
    const folders = new Set((findings as Array<{ file: string }>).map((finding) => finding.file.split('/').slice(0, -1).join('/')));
    expect(folders.size).toBeGreaterThan(3);
  }, 120_000);

  it.skipIf(!existsSync(CORPUS))('reports what one thread reports on the whole corpus', () => {
    const one = run(1, [CORPUS, '--format', 'json']);
    expect(one.code).toBe(1);
    expect(run(2, [CORPUS, '--format', 'json'])).toEqual(one);
    expect(run(2, [CORPUS, '--format', 'json'], true)).toEqual(one);
  }, 300_000);
});
