/**
 * npm run bench: speed and memory, printed as numbers (never asserted in tests).
 *   - parser start-up, in-process lint of a 63-line migration (cold, unchanged, one statement edited)
 *   - the 534 KB lago structure.sql from ../shared/corpus when present (cold, unchanged, one edit)
 *   - a 10 MB file with the size limit raised (no hang)
 *   - the CLI as a whole process (wall time and max RSS via /usr/bin/time)
 *   - the language server: didChange -> publishDiagnostics over stdio
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveSettings } from '../server/src/core/config';
import { lintText } from '../server/src/core/lint';
import { initParser } from '../server/src/core/source/parser';
import { startServer } from '../test/harness/lsp-client';

const MIGRATION = 'test/fixtures/bench/migration.sql';
const LAGO = resolve(__dirname, '../../shared/corpus/lago/structure.sql');
const CORPUS = resolve(__dirname, '../../shared/corpus');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
}

function time<T>(fn: () => T): [T, number] {
  const started = performance.now();
  const result = fn();
  return [result, performance.now() - started];
}

/** Lints `text` after changing one number in the middle, `runs` times: the cost of a keystroke. */
function editLoop(text: string, runs: number): number[] {
  const settings = resolveSettings({ maxFileSize: 64 * 1024 * 1024 });
  const marker = text.indexOf('\n', Math.floor(text.length / 2));
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const edited = `${text.slice(0, marker)}\nSELECT ${i};${text.slice(marker)}`;
    samples.push(time(() => lintText(edited, { settings }))[1]);
  }
  return samples;
}

function inProcess(name: string, text: string, runs: number): void {
  const settings = resolveSettings({ maxFileSize: 64 * 1024 * 1024 });
  const [result, cold] = time(() => lintText(text, { settings }));
  const unchanged = Array.from({ length: runs }, () => time(() => lintText(text, { settings }))[1]);
  const edited = editLoop(text, runs);
  const statements = result.script?.statements.length ?? 0;
  console.log(
    `${name.padEnd(34)} ${String(statements).padStart(6)} stmts  cold ${ms(cold).padStart(8)}  unchanged ${ms(median(unchanged)).padStart(8)}  one statement edited ${ms(median(edited)).padStart(8)}  (${result.findings.length} findings, medians of ${runs})`,
  );
}

function wholeProcess(label: string, args: string[], runs: number): void {
  const walls: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const result = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, 'dist/cli.js', ...args], { encoding: 'utf8' });
    const line = result.stderr.trim().split('\n').pop() ?? '';
    const [wall, maxKb] = line.split(' ').map(Number);
    walls.push(wall * 1000);
    rss.push(maxKb / 1024);
  }
  console.log(`${label.padEnd(44)} wall ${ms(median(walls)).padStart(8)}  max RSS ${median(rss).toFixed(0)} MB  (medians of ${runs})`);
}

async function lspLatency(label: string, text: string, runs: number): Promise<void> {
  const client = await startServer();
  const uri = `file:///bench/${label}.sql`;
  client.open(uri, text);
  await client.diagnostics(uri, (p) => p.version === 1, 60_000);
  const samples: number[] = [];
  const lineCount = text.split('\n').length;
  const line = Math.floor(lineCount / 2);
  for (let version = 2; version < runs + 2; version++) {
    const started = performance.now();
    client.change(uri, version, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `SELECT ${version};\n` }]);
    await client.diagnostics(uri, (p) => p.version === version, 60_000);
    samples.push(performance.now() - started);
  }
  await client.close();
  console.log(`LSP didChange -> diagnostics, ${label.padEnd(16)} median ${ms(median(samples)).padStart(8)}  p90 ${ms([...samples].sort((a, b) => a - b)[Math.floor(samples.length * 0.9)]).padStart(8)}  (${runs} edits)`);
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${process.platform} ${process.arch}`);
  const [, init] = await (async () => {
    const started = performance.now();
    await initParser();
    return [undefined, performance.now() - started] as const;
  })();
  console.log(`parser (libpg-query 18) init ${ms(init)}, RSS after init ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);

  const migration = readFileSync(MIGRATION, 'utf8');
  inProcess('63-line migration', migration, 200);
  const lago = existsSync(LAGO) ? readFileSync(LAGO, 'utf8') : undefined;
  if (lago) inProcess('lago structure.sql (534 KB)', lago, 20);
  else console.log('lago structure.sql: ../shared/corpus absent, skipped');

  const big = migration.repeat(Math.ceil((10 * 1024 * 1024) / migration.length));
  const settings = resolveSettings({ maxFileSize: 64 * 1024 * 1024 });
  const [bigResult, bigTime] = time(() => lintText(big, { settings }));
  console.log(`10 MB file (limit raised)          ${bigResult.script?.statements.length} stmts  ${ms(bigTime)}, RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
  const [, skipped] = time(() => lintText(big, { settings: resolveSettings() }));
  console.log(`10 MB file (default limit: skipped) ${ms(skipped)}`);

  wholeProcess('CLI: 63-line migration', ['lint', MIGRATION], 7);
  if (lago) wholeProcess('CLI: lago structure.sql', ['lint', LAGO], 7);
  if (existsSync(CORPUS)) wholeProcess('CLI: ../shared/corpus (370 files)', ['lint', CORPUS], 3);

  await lspLatency('63 lines', migration, 50);
  if (lago) await lspLatency('534 KB', lago, 20);
  console.log(`peak RSS of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

void main();
