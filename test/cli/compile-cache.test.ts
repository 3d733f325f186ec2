/** dist/cli.js runs the CLI bundle through a V8 code cache (server/src/launcher.ts): same results with it, without it, or with a bad one. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve('dist/cli.js');

function run(temp: string, env: Record<string, string> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'sg-cache-'));
  writeFileSync(join(root, 'f.sql'), 'CREATE INDEX i ON t (c);\n');
  const result = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', 'f.sql'], { cwd: root, encoding: 'utf8', env: { ...process.env, TMPDIR: temp, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function cacheFiles(temp: string): string[] {
  const folders = readdirSync(temp).filter((name) => name.startsWith('schemaguard-compile-cache-'));
  return folders.flatMap((folder) => readdirSync(join(temp, folder)).map((name) => join(temp, folder, name)));
}

describe('the CLI code cache', () => {
  it('is written by the first run and gives the same output as no cache, even when it is garbage', () => {
    const temp = mkdtempSync(join(tmpdir(), 'sg-temp-'));
    const uncached = run(temp, { SCHEMAGUARD_NO_COMPILE_CACHE: '1' });
    expect(uncached.code).toBe(1);
    expect(cacheFiles(temp)).toEqual([]);

    expect(run(temp)).toEqual(uncached);
    const [file] = cacheFiles(temp);
    expect(statSync(file).size).toBeGreaterThan(10_000);
    expect(run(temp)).toEqual(uncached);

    writeFileSync(file, 'not a code cache');
    expect(run(temp)).toEqual(uncached);
    expect(statSync(file).size).toBeGreaterThan(10_000); // rejected, then written again
  });
});
